import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { getEnv } from "../../env.server";
import { PHOTO_WIDTHS, type ProcessedPhoto } from "./photos.server";

/**
 * Listing photos on disk, outside the web root (SEC-10): `${hash}-${width}.webp`,
 * where hash is the sha256 of the largest variant. A photo is staged
 * (photo-staging.server) before its files are written, and files are written
 * before the listing that refers to them, so a crash leaves at most a staged
 * photo the job clears, never a listing without its file. Same photo, same
 * name: a second upload of it writes nothing.
 *
 * `incoming/` beside them holds what is being written: uploads streamed from a
 * request, and each variant before its rename. Nothing there outlives its
 * request except after a crash; the job clears what is older than an hour.
 */
export const PHOTO_NAME = /^([0-9a-f]{64})-(320|640|1280)\.webp$/;
export const PHOTO_HASH = /^[0-9a-f]{64}$/;

export function photoDir(): string {
  return path.resolve(getEnv().PHOTOS_DIR);
}

/** Where uploads and half-written variants live until they are processed or renamed (same disk as photoDir). */
export function incomingDir(): string {
  return path.join(photoDir(), "incoming");
}

/** What is left in incoming/ after this long belongs to no request (a crash): the job removes it. */
export const INCOMING_MAX_AGE_MS = 60 * 60 * 1000;

export function photoName(hash: string, width: (typeof PHOTO_WIDTHS)[number]): string {
  return `${hash}-${width}.webp`;
}

/** Writes every variant; each file appears whole or not at all (written aside, then renamed). */
export async function storePhoto(photo: ProcessedPhoto): Promise<void> {
  const dir = photoDir();
  await fs.promises.mkdir(incomingDir(), { recursive: true });
  for (const variant of photo.variants) {
    const name = photoName(photo.hash, variant.width as (typeof PHOTO_WIDTHS)[number]);
    const target = path.join(dir, name);
    if (fs.existsSync(target)) continue;
    const temporary = path.join(incomingDir(), `${name}.${crypto.randomBytes(6).toString("hex")}.tmp`);
    await fs.promises.writeFile(temporary, variant.data);
    await fs.promises.rename(temporary, target);
  }
}

/** Deletes a photo's files (synchronously: the staging job does it inside its transaction). */
export function removePhotoFiles(hash: string): number {
  if (!PHOTO_HASH.test(hash)) return 0;
  let removed = 0;
  for (const width of PHOTO_WIDTHS) {
    try {
      fs.unlinkSync(path.join(photoDir(), photoName(hash, width)));
      removed += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return removed;
}

/** Removes what a crash left in incoming/ (older than INCOMING_MAX_AGE_MS); the number of files. */
export async function clearIncoming(now: Date): Promise<number> {
  let names: string[];
  try {
    names = await fs.promises.readdir(incomingDir());
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(incomingDir(), name);
    try {
      const { mtimeMs } = await fs.promises.stat(file);
      if (now.getTime() - mtimeMs < INCOMING_MAX_AGE_MS) continue;
      await fs.promises.unlink(file);
      removed += 1;
    } catch {
      // Gone meanwhile: its request finished.
    }
  }
  return removed;
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
