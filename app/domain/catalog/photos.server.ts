import crypto from "node:crypto";
import sharp, { type Metadata } from "sharp";

/** Limits for one uploaded photo (SEC-10). */
export const PHOTO_LIMITS = {
  /** A phone's full-size JPEG is 2–8 MB. */
  maxBytes: 15 * 1024 * 1024,
  /** 50 megapixels: more than any phone camera, far less than a decompression bomb. */
  maxPixels: 50_000_000,
} as const;

/** The widths every photo is stored in; pages pick one with srcset. */
export const PHOTO_WIDTHS = [320, 640, 1280] as const;

export type PhotoRefusal =
  | "photo.too_large"
  | "photo.not_an_image"
  | "photo.too_many_pixels"
  | "photo.heic_unsupported"
  | "photo.unreadable";

export interface ProcessedPhoto {
  /** sha256 of the largest variant: the file names are `${hash}-${width}.webp`. */
  hash: string;
  width: number;
  height: number;
  variants: { width: number; data: Buffer }[];
}

type Kind = "jpeg" | "png" | "webp" | "heic";

/** The type by the file's first bytes, whatever its name or declared type says. */
export function sniffImageKind(data: Uint8Array): Kind | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to));
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "jpeg";
  if (ascii(0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (ascii(4, 8) === "ftyp" && ["heic", "heix", "hevc", "hevx", "mif1", "msf1"].includes(ascii(8, 12))) return "heic";
  return undefined;
}

/**
 * Checks an upload and re-encodes it as WebP in a few widths. Orientation is
 * applied, then every piece of metadata (EXIF, GPS, ICC comments) is dropped:
 * sharp writes none unless asked to.
 */
export async function processPhoto(data: Buffer): Promise<{ ok: true; photo: ProcessedPhoto } | { ok: false; reason: PhotoRefusal }> {
  if (data.byteLength > PHOTO_LIMITS.maxBytes) return { ok: false, reason: "photo.too_large" };
  const kind = sniffImageKind(data);
  if (!kind) return { ok: false, reason: "photo.not_an_image" };

  const input = () => sharp(data, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: "error", sequentialRead: true });
  let metadata: Metadata;
  try {
    metadata = await input().metadata();
  } catch (error) {
    return { ok: false, reason: refusalFor(error, kind) };
  }
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > PHOTO_LIMITS.maxPixels) {
    return { ok: false, reason: "photo.too_many_pixels" };
  }

  try {
    const variants: { width: number; data: Buffer }[] = [];
    let size = { width: 0, height: 0 };
    for (const width of PHOTO_WIDTHS) {
      const { data: out, info } = await input()
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 74, effort: 4 })
        .toBuffer({ resolveWithObject: true });
      variants.push({ width, data: out });
      size = { width: info.width, height: info.height };
    }
    const largest = variants[variants.length - 1]!.data;
    const hash = crypto.createHash("sha256").update(largest).digest("hex");
    return { ok: true, photo: { hash, ...size, variants } };
  } catch (error) {
    return { ok: false, reason: refusalFor(error, kind) };
  }
}

function refusalFor(error: unknown, kind: Kind): PhotoRefusal {
  const message = error instanceof Error ? error.message : "";
  if (/pixel limit/i.test(message)) return "photo.too_many_pixels";
  // The installed sharp decodes HEIF containers with AVIF inside, not HEVC.
  return kind === "heic" ? "photo.heic_unsupported" : "photo.unreadable";
}
