import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { getEnv } from "../../env.server";
import { PHOTO_WIDTHS, type ProcessedPhoto } from "./photos.server";

/**
 * Listing photos on disk, outside the web root (SEC-10): `${hash}-${width}.webp`,
 * where hash is the sha256 of the largest variant. Files are written before the
 * database transaction that refers to them, so a crash leaves at most a file
 * nobody points at, never a row without its file. Same photo, same name: a
 * second upload of it writes nothing.
 */
export const PHOTO_NAME = /^([0-9a-f]{64})-(320|640|1280)\.webp$/;
export const PHOTO_HASH = /^[0-9a-f]{64}$/;

export function photoDir(): string {
  return path.resolve(getEnv().PHOTOS_DIR);
}

export function photoName(hash: string, width: (typeof PHOTO_WIDTHS)[number]): string {
  return `${hash}-${width}.webp`;
}

/** Writes every variant; each file appears whole or not at all (written aside, then renamed). */
export async function storePhoto(photo: ProcessedPhoto): Promise<void> {
  const dir = photoDir();
  await fs.promises.mkdir(dir, { recursive: true });
  for (const variant of photo.variants) {
    const target = path.join(dir, photoName(photo.hash, variant.width as (typeof PHOTO_WIDTHS)[number]));
    if (fs.existsSync(target)) continue;
    const temporary = `${target}.${crypto.randomBytes(6).toString("hex")}.tmp`;
    await fs.promises.writeFile(temporary, variant.data);
    await fs.promises.rename(temporary, target);
  }
}

/** A stored photo's file, by a name that passed PHOTO_NAME; null when there is none. */
export async function readPhotoFile(name: string): Promise<Buffer | null> {
  if (!PHOTO_NAME.test(name)) return null;
  try {
    return await fs.promises.readFile(path.join(photoDir(), name));
  } catch {
    return null;
  }
}

/**
 * A photo uploaded earlier (kept from a form that had errors, or uploaded by
 * the page's script before the form was sent): its size, if every variant is
 * on disk.
 */
export async function findStoredPhoto(hash: string): Promise<{ hash: string; width: number; height: number } | null> {
  if (!PHOTO_HASH.test(hash)) return null;
  const dir = photoDir();
  if (!PHOTO_WIDTHS.every((width) => fs.existsSync(path.join(dir, photoName(hash, width))))) return null;
  try {
    const largest = PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1]!;
    const { width, height } = await sharp(path.join(dir, photoName(hash, largest))).metadata();
    if (!width || !height) return null;
    return { hash, width, height };
  } catch {
    return null;
  }
}
