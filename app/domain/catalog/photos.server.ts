import crypto from "node:crypto";
import fs from "node:fs";
import sharp, { type Metadata } from "sharp";

// Memory under concurrent uploads (issue 13 §4, DESIGN §6: 250 MB). libvips
// keeps recent operations and their pixels in a cache that only helps when
// the same image is worked on again (never, here); and each pipeline runs one
// thread, the queue below deciding how many run at once.
sharp.cache(false);
sharp.concurrency(1);

/** Limits for one uploaded photo (SEC-10). */
export const PHOTO_LIMITS = {
  /** A phone's full-size JPEG is 2–8 MB. */
  maxBytes: 15 * 1024 * 1024,
  /** 50 megapixels: more than any phone camera, far less than a decompression bomb. */
  maxPixels: 50_000_000,
} as const;

/** The widths every photo is stored in; pages pick one with srcset. */
export const PHOTO_WIDTHS = [320, 640, 1280] as const;

/**
 * How many photos are decoded at once, whoever sent them. A 48-megapixel
 * JPEG costs tens of MB while libvips works on it; more at once only makes
 * each wait for the two cores anyway. Further uploads wait their turn on
 * disk (the upload handler writes them there), not in memory.
 */
export const PHOTO_DECODES_AT_ONCE = 1;

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

let decoding = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when fewer than PHOTO_DECODES_AT_ONCE others run; first come, first served. */
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (decoding < PHOTO_DECODES_AT_ONCE) decoding += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    // The turn passes straight to the next in line, or is given back.
    const next = waiting.shift();
    if (next) next();
    else decoding -= 1;
  }
}

/** The first bytes of a file and its size, without reading the rest. */
async function headOf(file: string): Promise<{ head: Buffer; bytes: number }> {
  const handle = await fs.promises.open(file, "r");
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return { head: head.subarray(0, bytesRead), bytes: (await handle.stat()).size };
  } finally {
    await handle.close();
  }
}

/**
 * Checks an upload (its bytes, or the file it was streamed to) and re-encodes
 * it as WebP in a few widths, one photo at a time (inTurn). Orientation is
 * applied, then every piece of metadata (EXIF, GPS, ICC comments) is dropped:
 * sharp writes none unless asked to.
 */
export async function processPhoto(input: Buffer | string): Promise<{ ok: true; photo: ProcessedPhoto } | { ok: false; reason: PhotoRefusal }> {
  const { head, bytes } = typeof input === "string" ? await headOf(input) : { head: input, bytes: input.byteLength };
  if (bytes > PHOTO_LIMITS.maxBytes) return { ok: false, reason: "photo.too_large" };
  const kind = sniffImageKind(head);
  if (!kind) return { ok: false, reason: "photo.not_an_image" };
  return inTurn(() => encode(input, kind));
}

async function encode(data: Buffer | string, kind: Kind): Promise<{ ok: true; photo: ProcessedPhoto } | { ok: false; reason: PhotoRefusal }> {
  let metadata: Metadata;
  try {
    metadata = await sharp(data, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: "error" }).metadata();
  } catch (error) {
    return { ok: false, reason: refusalFor(error, kind) };
  }
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > PHOTO_LIMITS.maxPixels) {
    return { ok: false, reason: "photo.too_many_pixels" };
  }

  try {
    // Decoded once, at the largest width (a JPEG shrinks while it is read),
    // upright; no taller than 4:1, so a strip of a panorama stays small.
    const largest = PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1]!;
    const { data: pixels, info } = await sharp(data, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: "error", sequentialRead: true })
      .rotate()
      .resize({ width: largest, height: largest * 4, fit: "inside", withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    const variants: { width: number; data: Buffer }[] = [];
    for (const width of PHOTO_WIDTHS) {
      const out = await sharp(pixels, raw).resize({ width, withoutEnlargement: true }).webp({ quality: 74, effort: 4 }).toBuffer();
      variants.push({ width, data: out });
    }
    const hash = crypto.createHash("sha256").update(variants[variants.length - 1]!.data).digest("hex");
    return { ok: true, photo: { hash, width: info.width, height: info.height, variants } };
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
