/**
 * The phone's queue of steps taken offline (issue 20), in IndexedDB: each
 * with the key the server remembers it by, the form's fields, and for a new
 * listing its photos (downscaled) and, once uploaded, their hashes — so a
 * dropped connection resumes from the next photo, not the first.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

export interface QueuedPhoto {
  name: string;
  blob: Blob;
  /** Set once the server staged the photo. */
  hash?: string;
}

export interface Queued {
  /** The idempotency key: a resend with it acts no more. */
  key: string;
  url: string;
  /** What the person sees in the list ("Accept · Order #12"), already translated. */
  label: string;
  fields: [string, string][];
  photos: QueuedPhoto[];
  uploadUrl?: string;
  createdAt: number;
  state: "waiting" | "refused";
  /** The server's reason, in the person's language, when refused. */
  message?: string;
}

interface QueueSchema extends DBSchema {
  queue: { key: string; value: Queued; indexes: { createdAt: number } };
}

let database: Promise<IDBPDatabase<QueueSchema>> | undefined;

function open(): Promise<IDBPDatabase<QueueSchema>> {
  database ??= openDB<QueueSchema>("auyl-offline", 1, {
    upgrade(db) {
      db.createObjectStore("queue", { keyPath: "key" }).createIndex("createdAt", "createdAt");
    },
  });
  return database;
}

/** Oldest first: steps are sent in the order they were taken (receive before send). */
export async function queued(): Promise<Queued[]> {
  return (await open()).getAllFromIndex("queue", "createdAt");
}

export async function keep(item: Queued): Promise<void> {
  await (await open()).put("queue", item);
}

export async function forget(key: string): Promise<void> {
  await (await open()).delete("queue", key);
}

/** Signing out leaves nothing of the person on the phone. */
export async function forgetAll(): Promise<void> {
  await (await open()).clear("queue");
}
