/**
 * The staging area of listing photos (issue 13 §8, decision: staged-photos).
 * An upload is staged (a `staged_photos` row) before its files are written;
 * a listing that takes the photo unstages it in its own transaction; taking a
 * photo off its last listing stages it again. clearStagedPhotos, run by the
 * job, deletes what stayed staged for a day and no listing shows, with its
 * files, in one transaction.
 *
 * Why the files go inside that transaction: a listing takes only a photo that
 * is staged or already shown (photosAvailable, in the listing's transaction),
 * and an upload stages before it writes. Transactions are serialised, so
 * either the job removes first (then the listing refuses and the upload
 * writes the files anew) or the other does (then the photo is fresh or
 * shown, and the job leaves it).
 */
import { and, eq, exists, inArray, lt, notExists, or } from "drizzle-orm";
import { listingPhotos, stagedPhotos, villages } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { removePhotoFiles, storePhoto } from "./photo-store.server";
import type { ProcessedPhoto } from "./photos.server";

/** How long an unused upload is kept: a seller may take a day to finish a listing. */
export const STAGED_PHOTO_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Photos removed per job run at most, so one run never holds the writer long. */
const CLEAR_BATCH = 200;

/** Stages photos already on disk or about to be written (upsert: a new upload of the same photo starts its day again). */
export function stagePhotos(db: Db, hashes: string[], uploadedBy: number | null, now: Date): void {
  writeTransaction(db, (tx) => {
    for (const hash of new Set(hashes)) stage(tx, hash, uploadedBy, now);
  });
}

function stage(tx: Tx, hash: string, uploadedBy: number | null, now: Date): void {
  tx.insert(stagedPhotos)
    .values({ hash, uploadedBy, stagedAt: now })
    .onConflictDoUpdate({ target: stagedPhotos.hash, set: { stagedAt: now, uploadedBy } })
    .run();
}

/** An upload: staged, then its files written. */
export async function stagePhoto(db: Db, photo: ProcessedPhoto, uploadedBy: number | null, now: Date): Promise<void> {
  stagePhotos(db, [photo.hash], uploadedBy, now);
  await storePhoto(photo);
}

/** Whether every photo may go on a listing: staged, or shown by a listing already. */
export function photosAvailable(db: Db | Tx, hashes: string[]): boolean {
  const wanted = [...new Set(hashes)];
  if (wanted.length === 0) return true;
  const staged = db.select({ hash: stagedPhotos.hash }).from(stagedPhotos).where(inArray(stagedPhotos.hash, wanted)).all();
  const shown = db.selectDistinct({ hash: listingPhotos.hash }).from(listingPhotos).where(inArray(listingPhotos.hash, wanted)).all();
  const known = new Set([...staged, ...shown].map((row) => row.hash));
  return wanted.every((hash) => known.has(hash));
}

/** A listing now shows these photos: they leave the staging area. */
export function unstagePhotos(tx: Tx, hashes: string[]): void {
  if (hashes.length > 0) tx.delete(stagedPhotos).where(inArray(stagedPhotos.hash, hashes)).run();
}

/** A photo taken off a listing: staged again when no listing shows it any more, so the job clears it. */
export function restageIfUnused(tx: Tx, hash: string, by: number, now: Date): void {
  const shown = tx.select({ id: listingPhotos.id }).from(listingPhotos).where(eq(listingPhotos.hash, hash)).limit(1).get();
  if (!shown) stage(tx, hash, by, now);
}

/**
 * The job: photos staged longer than STAGED_PHOTO_MAX_AGE_MS that no listing
 * shows lose their row and their files; those a listing shows (staged again
 * by a new upload of the same picture) lose only the row.
 */
export function clearStagedPhotos(db: Db, now: Date): { photos: number; files: number } {
  const before = new Date(now.getTime() - STAGED_PHOTO_MAX_AGE_MS);
  return writeTransaction(db, (tx) => {
    const shown = tx.select({ id: listingPhotos.id }).from(listingPhotos).where(eq(listingPhotos.hash, stagedPhotos.hash));
    // A village page's photo (a hub opened or edited) is shown too.
    const onVillage = tx.select({ id: villages.id }).from(villages).where(eq(villages.photoHash, stagedPhotos.hash));
    const stale = tx
      .select({ hash: stagedPhotos.hash })
      .from(stagedPhotos)
      .where(and(lt(stagedPhotos.stagedAt, before), notExists(shown), notExists(onVillage)))
      .orderBy(stagedPhotos.stagedAt)
      .limit(CLEAR_BATCH)
      .all();
    let files = 0;
    for (const { hash } of stale) {
      tx.delete(stagedPhotos).where(eq(stagedPhotos.hash, hash)).run();
      files += removePhotoFiles(hash);
    }
    tx.delete(stagedPhotos).where(and(lt(stagedPhotos.stagedAt, before), or(exists(shown), exists(onVillage)))).run();
    return { photos: stale.length, files };
  });
}
