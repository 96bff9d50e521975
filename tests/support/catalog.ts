import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import sharp from "sharp";
import { afterAll } from "vitest";
import type { Db } from "../../app/db.server";
import { applyToSell, decideApplication } from "../../app/domain/identity/sellers.server";
import { findOrCreateUser } from "../../app/domain/identity/users.server";
import { deliverPending } from "../../app/domain/notify/outbox.server";
import type { SmsMessage, SmsSender } from "../../app/domain/notify/sms";
import { categories } from "../../db/schema";
import { eq } from "drizzle-orm";
import { BASE, context, cookieHeader, csrfPair, type Answer } from "./app";
import { grant, signIn, villageId } from "./identity";

/**
 * Photos go to a temporary folder for the whole test file. Call at the top
 * of a file, before anything reads the environment.
 */
export function usePhotoFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-photos-"));
  process.env.PHOTOS_DIR = dir;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An approved seller of the village, signed in through the real use cases. */
export async function approvedSeller(db: Db, sms: SmsSender & { sent: SmsMessage[] }, phone: string, villageSlug: string, name = "Асқар") {
  const coordinatorPhone = `+7701999${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const coordinatorId = grant(db, coordinatorPhone, "coordinator", villageSlug);
  const user = findOrCreateUser(db, phone, new Date());
  const applied = applyToSell(db, { userId: user.id, villageSlug, name, craft: "ағаш шебері", taxId: null, ip: "x" }, new Date());
  if (!applied.ok) throw new Error(applied.reason);
  const decided = decideApplication(db, { actorUserId: coordinatorId, villageId: villageId(db, villageSlug), applicationId: applied.applicationId, approve: true, reason: "", ip: "x" }, new Date());
  if (!decided.ok) throw new Error(decided.reason);
  // The approval SMS goes first, so the next message to the phone is the sign-in code.
  await deliverPending(db, sms);
  // Signed in after the approval, so the session carries the seller grant.
  return signIn(db, sms, phone);
}

export function categoryId(db: Db, slug: string): number {
  const row = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).get();
  if (!row) throw new Error(`no category ${slug}`);
  return row.id;
}

/** A JPEG as a phone camera makes it. */
export function jpeg(width = 1200, height = 900, colour = { r: 150, g: 100, b: 60 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg({ quality: 85 }).toBuffer();
}

export function file(data: Buffer | string, name: string, type = "image/jpeg"): File {
  return new File([new Uint8Array(typeof data === "string" ? Buffer.from(data) : data)], name, { type });
}

/** POSTs a multipart form (text fields and files) with a valid CSRF token to an action. */
export async function postMultipart(
  action: (args: ActionFunctionArgs) => unknown,
  pathname: string,
  fields: Record<string, string | string[]>,
  files: { name: string; file: File }[],
  options: { cookie?: string; params?: Record<string, string> } = {},
): Promise<Answer> {
  const csrf = await csrfPair();
  const body = new FormData();
  body.append("csrf", csrf.token);
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  for (const { name, file: f } of files) body.append(name, f);
  const request = new Request(BASE + pathname, { method: "POST", headers: { Cookie: cookieHeader(csrf.cookie, options.cookie) }, body });
  try {
    const result = await action({ request, params: options.params ?? {}, context: context() });
    if (result instanceof Response) return { status: result.status, headers: result.headers };
    const wrapped = result as { type?: string; data?: unknown; init?: ResponseInit | null };
    if (wrapped?.type === "DataWithResponseInit") return { status: wrapped.init?.status ?? 200, headers: new Headers(wrapped.init?.headers), data: wrapped.data };
    return { status: 200, headers: new Headers(), data: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers };
    throw thrown;
  }
}

/** A complete, valid listing form for a chair. */
export function chairFields(categoryIdValue: number): Record<string, string> {
  return {
    language: "kk",
    title: "Ағаш орындық",
    description: "Емен ағашынан жасалған орындық",
    title_ru: "Деревянный стул",
    categoryId: String(categoryIdValue),
    price: "25 000",
    unit: "piece",
    stock: "3",
    weightClass: "upTo15kg",
    intent: "publish",
  };
}
