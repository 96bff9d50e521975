/**
 * The admins' one moderation queue (issue 16 §6): every village's flags —
 * the fraud rules' and the reports people filed — with their evidence, and
 * the three things an admin does with one: dismiss it with a note, hide what
 * it is about (a listing, a review, a message), or ask the village's
 * coordinator to look. Every decision is audited.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { fraudFlags, listings, messages, orders, payoutLines, reviews, sellers, villages } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import type { Language } from "../../i18n/config";
import { localized } from "../../i18n/localized";
import { REPORT_REASONS, type ReportReason } from "../catalog/vocabulary";
import { listingText } from "../catalog/listing-text";
import { dismissReports, removeListing } from "../catalog/reports.server";
import { recordAudit } from "../identity/audit.server";
import { dismissReviewReports, removeReview } from "./reviews.server";
import type { FlagRule, FlagStatus, QueueView } from "./quality-vocabulary";

export type FlagDecision = "dismiss" | "hide" | "refer";
export type FlagRefusal = "flags.not_found" | "flags.already_decided" | "flags.note_required" | "flags.cannot_hide";

type FlagRow = typeof fraudFlags.$inferSelect;

/** What the flag is about, in a line the admin can read. */
function subjectOf(db: Db, flag: FlagRow, language: Language): { text: string; href: string | null; hidden: boolean } {
  switch (flag.subjectType) {
    case "listing": {
      const listing = db.select().from(listings).where(eq(listings.id, flag.subjectId)).get();
      return { text: listing ? listingText(listing, "title", language).text : "", href: `/listings/${flag.subjectId}`, hidden: listing?.status === "removed" };
    }
    case "review": {
      const review = db.select({ text: reviews.text, status: reviews.status, rating: reviews.sellerRating }).from(reviews).where(eq(reviews.id, flag.subjectId)).get();
      return { text: review ? `${review.rating}★ ${review.text}` : "", href: null, hidden: review?.status === "removed" };
    }
    case "message": {
      const message = db.select({ body: messages.body, hiddenAt: messages.hiddenAt }).from(messages).where(eq(messages.id, flag.subjectId)).get();
      return { text: message?.body ?? "", href: null, hidden: Boolean(message?.hiddenAt) };
    }
    case "order": {
      const order = db.select({ id: orders.id }).from(orders).where(eq(orders.id, flag.subjectId)).get();
      return { text: order ? `№ ${order.id}` : "", href: order ? `/orders/${order.id}` : null, hidden: false };
    }
    case "payout_line": {
      const line = db.select({ batchId: payoutLines.batchId }).from(payoutLines).where(eq(payoutLines.id, flag.subjectId)).get();
      return { text: line ? `№ ${line.batchId}` : "", href: null, hidden: false };
    }
  }
}

function withPlaces(db: Db, rows: FlagRow[], language: Language) {
  const sellerIds = [...new Set(rows.map((r) => r.sellerId).filter((id): id is number => id !== null))];
  const villageIds = [...new Set(rows.map((r) => r.villageId).filter((id): id is number => id !== null))];
  const sellerNames = new Map(sellerIds.length ? db.select({ id: sellers.id, name: sellers.name }).from(sellers).where(inArray(sellers.id, sellerIds)).all().map((s) => [s.id, s.name]) : []);
  const villageNames = new Map(villageIds.length ? db.select().from(villages).where(inArray(villages.id, villageIds)).all().map((v) => [v.id, localized(v, "name", language)]) : []);
  return rows.map((flag) => ({
    id: flag.id,
    rule: flag.rule,
    status: flag.status,
    subjectType: flag.subjectType,
    evidence: JSON.parse(flag.evidence) as Record<string, string | number | null>,
    note: flag.note,
    createdAt: flag.createdAt,
    seller: flag.sellerId === null ? null : (sellerNames.get(flag.sellerId) ?? null),
    village: flag.villageId === null ? null : (villageNames.get(flag.villageId) ?? null),
    subject: subjectOf(db, flag, language),
  }));
}

/** The admins' queue: the open flags (the oldest first, so nothing waits forever), those sent to coordinators, or the latest decided. */
export function listModerationQueue(db: Db, view: QueueView, language: Language, limit = 100) {
  const statuses: FlagStatus[] = view === "decided" ? ["dismissed", "hidden"] : [view];
  const rows = db
    .select()
    .from(fraudFlags)
    .where(inArray(fraudFlags.status, statuses))
    .orderBy(view === "decided" ? desc(fraudFlags.decidedAt) : fraudFlags.createdAt)
    .limit(limit)
    .all();
  return withPlaces(db, rows, language);
}

/** The flags an admin asked a village's coordinator to look at. */
export function listReferredFlags(db: Db, villageId: number, language: Language) {
  const rows = db.select().from(fraudFlags).where(and(eq(fraudFlags.villageId, villageId), eq(fraudFlags.status, "referred"))).orderBy(fraudFlags.createdAt).limit(100).all();
  return withPlaces(db, rows, language);
}

/** The removal reason a hidden listing or review carries, from the rule that flagged it. */
function removalReason(flag: FlagRow): ReportReason {
  const rule: FlagRule = flag.rule;
  if (rule === "reported_listing" || rule === "reported_review") {
    const reason = (JSON.parse(flag.evidence) as { reason?: string }).reason;
    return (REPORT_REASONS as readonly string[]).includes(reason ?? "") ? (reason as ReportReason) : "other";
  }
  if (rule === "price_outlier") return "wrong_price";
  if (rule === "review_burst") return "fake";
  if (rule === "direct_transfer_listing" || rule === "direct_transfer_message") return "prohibited";
  return "other";
}

/** Hides what the flag is about through the use case that owns it (its SMS and its reports go with it). */
function hideSubject(db: Db, flag: FlagRow, actorUserId: number, note: string, now: Date): FlagRefusal | null {
  const reason = removalReason(flag);
  if (flag.subjectType === "listing") {
    const listing = db.select({ villageId: listings.villageId, status: listings.status }).from(listings).where(eq(listings.id, flag.subjectId)).get();
    if (!listing) return "flags.not_found";
    if (listing.status !== "removed") removeListing(db, { actorUserId, villageId: listing.villageId, listingId: flag.subjectId, reason, note: note || undefined }, now);
    return null;
  }
  if (flag.subjectType === "review") {
    removeReview(db, { reviewId: flag.subjectId, actorUserId, reason, note: note || undefined }, now);
    return null;
  }
  if (flag.subjectType === "message") {
    writeTransaction(db, (tx) => tx.update(messages).set({ hiddenAt: now }).where(eq(messages.id, flag.subjectId)).run());
    return null;
  }
  return "flags.cannot_hide";
}

/** An admin's decision on one flag. */
export function decideFlag(
  db: Db,
  input: { flagId: number; decision: FlagDecision; note: string; actorUserId: number; ip: string | null },
  now: Date,
): { ok: true } | { ok: false; reason: FlagRefusal } {
  const flag = db.select().from(fraudFlags).where(eq(fraudFlags.id, input.flagId)).get();
  if (!flag) return { ok: false, reason: "flags.not_found" };
  if (flag.status !== "open" && flag.status !== "referred") return { ok: false, reason: "flags.already_decided" };
  if (input.decision === "dismiss" && input.note.trim() === "") return { ok: false, reason: "flags.note_required" };
  if (input.decision === "refer" && flag.villageId === null) return { ok: false, reason: "flags.not_found" };
  if (input.decision === "hide") {
    const refused = hideSubject(db, flag, input.actorUserId, input.note, now);
    if (refused) return { ok: false, reason: refused };
  }
  // The reports behind a dismissed report flag leave the village's queue too.
  if (input.decision === "dismiss" && flag.rule === "reported_listing" && flag.villageId !== null) dismissReports(db, { actorUserId: input.actorUserId, villageId: flag.villageId, listingId: flag.subjectId }, now);
  if (input.decision === "dismiss" && flag.rule === "reported_review") dismissReviewReports(db, { reviewId: flag.subjectId, actorUserId: input.actorUserId }, now);
  const status: FlagStatus = input.decision === "dismiss" ? "dismissed" : input.decision === "hide" ? "hidden" : "referred";
  return writeTransaction(db, (tx) => {
    const changed = tx
      .update(fraudFlags)
      .set({ status, note: input.note || null, decidedBy: input.actorUserId, decidedAt: now })
      .where(and(eq(fraudFlags.id, flag.id), inArray(fraudFlags.status, ["open", "referred"])))
      .run().changes;
    if (changed === 0) return { ok: false, reason: "flags.already_decided" } as const;
    const action = input.decision === "dismiss" ? "flag.dismissed" : input.decision === "hide" ? "flag.hidden" : "flag.referred";
    recordAudit(tx, { action, actorUserId: input.actorUserId, ip: input.ip, details: { flagId: flag.id, rule: flag.rule, subject: `${flag.subjectType}:${flag.subjectId}`, note: input.note } }, now);
    return { ok: true } as const;
  });
}
