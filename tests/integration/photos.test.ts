import zlib from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { PHOTO_LIMITS, processPhoto, sniffImageKind } from "../../app/domain/catalog/photos.server";

/** A real JPEG as a phone makes it: EXIF with GPS coordinates and a rotation. */
async function phoneJpeg(width = 2000, height = 1500): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 180, g: 120, b: 60 } } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "TestPhone", Model: "X1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "43/1 15/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "76/1 57/1 0/1" },
    })
    .toBuffer();
}

/** A PNG whose header claims the given size, with a little compressed data after it. */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from("\x89PNG\r\n\x1a\n", "latin1"),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.alloc(width + 1))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("photo upload processing (SEC-10)", () => {
  it("re-encodes to WebP in three widths, applies orientation and strips EXIF and GPS", async () => {
    const original = await phoneJpeg();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes(Buffer.from("TestPhone"))).toBe(true);

    const result = await processPhoto(original);
    if (!result.ok) throw new Error(result.reason);
    const { photo } = result;
    expect(photo.variants.map((v) => v.width)).toEqual([320, 640, 1280]);
    // Orientation 6 means the camera was turned: the stored photo is portrait.
    expect(photo.width).toBe(1280);
    expect(photo.height).toBeGreaterThan(photo.width);
    for (const variant of photo.variants) {
      const meta = await sharp(variant.data).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(variant.data.includes(Buffer.from("TestPhone"))).toBe(false);
    }
    expect(photo.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(photo.variants[0]!.data.byteLength).toBeLessThan(15 * 1024);
  });

  it("gives the same name to the same photo", async () => {
    const original = await phoneJpeg(800, 600);
    const [a, b] = await Promise.all([processPhoto(original), processPhoto(original)]);
    expect(a.ok && b.ok && a.photo.hash === b.photo.hash).toBe(true);
  });

  it("does not enlarge a small photo", async () => {
    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#fff" } }).png().toBuffer();
    const result = await processPhoto(small);
    expect(result.ok && result.photo.variants.map((v) => v.width)).toEqual([320, 640, 1280]);
    expect(result.ok && result.photo.width).toBe(300);
  });

  it("refuses a file that is not an image, whatever its name", async () => {
    expect(await processPhoto(Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj"))).toEqual({ ok: false, reason: "photo.not_an_image" });
    expect(await processPhoto(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toEqual({ ok: false, reason: "photo.not_an_image" });
  });

  it("refuses a pixel bomb before decoding it", async () => {
    // A 100-byte PNG that declares 30 000 × 30 000 pixels (2.7 GB once decoded).
    const bomb = pngDeclaring(30_000, 30_000);
    expect(bomb.byteLength).toBeLessThan(200);
    expect(await processPhoto(bomb)).toEqual({ ok: false, reason: "photo.too_many_pixels" });
  });

  it("refuses a file over the byte limit", async () => {
    const huge = Buffer.alloc(PHOTO_LIMITS.maxBytes + 1);
    huge.set([0xff, 0xd8, 0xff], 0);
    expect(await processPhoto(huge)).toEqual({ ok: false, reason: "photo.too_large" });
  });

  it("refuses a truncated JPEG", async () => {
    const original = await phoneJpeg(800, 600);
    expect(await processPhoto(original.subarray(0, 2000))).toEqual({ ok: false, reason: "photo.unreadable" });
  });

  it("tells types apart by their first bytes", () => {
    expect(sniffImageKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
    expect(sniffImageKind(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("webp");
    expect(sniffImageKind(Buffer.from("\0\0\0\x18ftypheic"))).toBe("heic");
    expect(sniffImageKind(Buffer.from("GIF89a"))).toBeUndefined();
  });
});
