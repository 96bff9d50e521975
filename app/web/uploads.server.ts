/**
 * Forms with photos (issue 13 §4). Each file is streamed to a temporary file
 * on disk as it arrives, never held whole in memory, and removed when the
 * request's work is done. A person has at most UPLOADS_PER_PERSON such
 * requests at once: beyond that the form's text is still read (nothing typed
 * is lost) but its files are drained unread and marked FILE_BUSY, so the page
 * or the script can answer 429 and ask for them again in a moment.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { NodeOnDiskFile, type UploadHandler } from "@remix-run/node";
import { readForm } from "./csrf.server";

/** What a file field holds when its file was larger than the per-file cap: this, then the file's name. */
export const FILE_TOO_LARGE = "file.too_large:";
/** What a file field holds when its sender already had UPLOADS_PER_PERSON uploads going: this, then the file's name. */
export const FILE_BUSY = "file.busy:";

/** Requests with files one person may have in progress. The page's script sends one photo at a time. */
export const UPLOADS_PER_PERSON = 2;

export interface UploadLimits {
  /** Bytes one file may have; a larger one becomes the string FILE_TOO_LARGE + its name. */
  maxFileBytes: number;
  /** Files kept; further ones are dropped unread. */
  maxFiles: number;
  /** Where the files are written while the request lasts (on the same disk as where photos are kept). */
  directory: () => string;
}

/** An uploaded file on disk, with the name the person's device gave it. */
export class UploadedFile extends NodeOnDiskFile {
  constructor(filepath: string, type: string, originalName: string) {
    super(filepath, type);
    this.name = originalName;
  }
}

const inProgress = new Map<number, number>();

/** One of the person's upload slots, or undefined when all are taken; call the result to give it back. */
function takeSlot(personId: number): (() => void) | undefined {
  const taken = inProgress.get(personId) ?? 0;
  if (taken >= UPLOADS_PER_PERSON) return undefined;
  inProgress.set(personId, taken + 1);
  let given = false;
  return () => {
    if (given) return;
    given = true;
    const left = (inProgress.get(personId) ?? 1) - 1;
    if (left > 0) inProgress.set(personId, left);
    else inProgress.delete(personId);
  };
}

async function readText(data: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    // A text field is never large; the whole body is capped by the server anyway.
    if (size > 1024 * 1024) throw new Response(null, { status: 413 });
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * The multipart handler: text fields as strings; each file written to
 * `limits.directory()` up to the cap. A file over the cap is read to the end
 * and thrown away, so the rest of the form still arrives and the page can say
 * which photo was too big. `written` lists every file made, for removal.
 */
function diskUploads(limits: UploadLimits, busy: boolean): { handler: UploadHandler; written: string[] } {
  const written: string[] = [];
  let files = 0;
  const handler: UploadHandler = async ({ filename, contentType, data }) => {
    if (filename === undefined) return readText(data);
    const keep = !busy && files < limits.maxFiles;
    let file: fs.promises.FileHandle | undefined;
    let target: string | undefined;
    let size = 0;
    let tooLarge = false;
    try {
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (!tooLarge && size > limits.maxFileBytes) {
          tooLarge = true;
          await file?.close();
          file = undefined;
        }
        if (!keep || tooLarge) continue;
        if (!file) {
          await fs.promises.mkdir(limits.directory(), { recursive: true });
          target = path.join(limits.directory(), `upload-${crypto.randomBytes(12).toString("hex")}`);
          written.push(target);
          file = await fs.promises.open(target, "wx");
        }
        await file.write(chunk);
      }
    } finally {
      await file?.close();
    }
    // An empty file input still sends a part with no name and no bytes; an empty file is no photo either.
    if (size === 0) return null;
    const name = filename.slice(0, 200);
    if (tooLarge) return FILE_TOO_LARGE + name;
    if (busy) return FILE_BUSY + name;
    if (!keep) return null;
    files += 1;
    return new UploadedFile(target!, contentType, name) as unknown as File;
  };
  return { handler, written };
}

/**
 * Reads a form with files for `personId` (CSRF checked, as readForm does) and
 * runs `work` on it. The files stay on disk while `work` runs and are removed
 * after, whatever happens; the person's upload slot is held as long.
 */
export async function withUploads<T>(request: Request, limits: UploadLimits, personId: number, work: (form: FormData) => Promise<T>): Promise<T> {
  const release = takeSlot(personId);
  const uploads = diskUploads(limits, release === undefined);
  try {
    const form = await readForm(request, uploads.handler);
    return await work(form);
  } finally {
    release?.();
    await Promise.all(uploads.written.map((file) => fs.promises.rm(file, { force: true })));
  }
}

/** The path of an uploaded file on disk, when it is one. */
export function uploadedPath(value: FormDataEntryValue): string | undefined {
  return value instanceof NodeOnDiskFile ? value.getFilePath() : undefined;
}
