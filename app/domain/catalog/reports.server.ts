/**
 * Listing reports and the village coordinator's moderation queue (DESIGN §2,
 * trust). Anyone may report; only a coordinator of the listing's village sees
 * the reports and removes or dismisses. A removed listing's seller is told
 * why by SMS in their own language, sent after commit.
 */
import { flagReport } from "../trust/fraud.server";
import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { listingChanges, listingReports, listings, sellers, users, villages } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { translator } from "../../i18n/translate.server";
import { localized } from "../../i18n/localized";
import { enqueueSms } from "../notify/outbox.server";
import { canChangeListingStatus } from "./listing-rules";
import type { ListingStatus } from "./vocabulary";
import { listingText } from "./listing-text";
import { formatRemovedReason, REPORT_LIMIT, type RateWindow } from "./moderation";
import type { ReportReason } from "./vocabulary";
import { hitFits, recordHit } from "../ops/rate-hits.server";

// Reports per client address, counted in the database so that every server
// process on the file sees the same count (decision 0021).
const REPORT_BUCKET = "listing_report";

export type ReportRefusal = "report.listing_not_found" | "report.rate_limited";

export function reportListing(
  db: Db,
  input: { listingId: number; reporterUserId: number | null; reason: ReportReason; note?: string; ip: string },
  now: Date,
  limit: RateWindow = REPORT_LIMIT,
): { ok: true } | { ok: false; reason: ReportRefusal } {
  return writeTransaction(db, (tx) => {
    if (!hitFits(tx, REPORT_BUCKET, input.ip, now, limit)) return { ok: false, reason: "report.rate_limited" } as const;
    const listing = tx.select({ id: listings.id, status: listings.status }).from(listings).where(eq(listings.id, input.listingId)).get();
    if (!listing || listing.status === "draft") return { ok: false, reason: "report.listing_not_found" } as const;
    recordHit(tx, REPORT_BUCKET, input.ip, now);
    // Already removed, or the same person reporting again while it waits: nothing new to queue.
    if (listing.status === "removed") return { ok: true } as const;
    if (input.reporterUserId !== null) {
      const open = tx
        .select({ id: listingReports.id })
        .from(listingReports)
        .where(and(eq(listingReports.listingId, listing.id), eq(listingReports.reporterUserId, input.reporterUserId), eq(listingReports.status, "open"), isNull(listingReports.reviewId)))
        .get();
      if (open) return { ok: true } as const;
    }
    tx.insert(listingReports)
      .values({ listingId: listing.id, reporterUserId: input.reporterUserId, reason: input.reason, note: input.note ?? null, createdAt: now })
      .run();
    flagReport(tx, { type: "listing", id: listing.id, reason: input.reason }, now);
    return { ok: true } as const;
  });
}

/** The queue: listings of the village with open reports, the most reported first. */
export function listReportQueue(db: Db, villageId: number) {
  const rows = db
    .select({
      listingId: listings.id,
      language: listings.language,
      titleKk: listings.titleKk,
      titleRu: listings.titleRu,
      titleEn: listings.titleEn,
      status: listings.status,
      sellerName: sellers.name,
      reports: count(listingReports.id),
      latestAt: sql<number>`max(${listingReports.createdAt})`.mapWith(Number),
    })
    .from(listingReports)
    .innerJoin(listings, eq(listings.id, listingReports.listingId))
    .innerJoin(sellers, eq(sellers.id, listings.sellerId))
    .where(and(eq(listings.villageId, villageId), eq(listingReports.status, "open"), isNull(listingReports.reviewId)))
    .groupBy(listings.id)
    .orderBy(desc(count(listingReports.id)), desc(sql`max(${listingReports.createdAt})`))
    .limit(100)
    .all();
  if (rows.length === 0) return [];
  const details = db
    .select({ listingId: listingReports.listingId, reason: listingReports.reason, note: listingReports.note, createdAt: listingReports.createdAt })
    .from(listingReports)
    .where(and(inArray(listingReports.listingId, rows.map((r) => r.listingId)), eq(listingReports.status, "open"), isNull(listingReports.reviewId)))
    .orderBy(desc(listingReports.id))
    .all();
  return rows.map((row) => {
    const own = details.filter((d) => d.listingId === row.listingId);
    return {
      ...row,
      latestAt: new Date(row.latestAt),
      reasons: [...new Set(own.map((d) => d.reason))],
      notes: own.filter((d) => d.note).slice(0, 5).map((d) => ({ note: d.note as string, createdAt: d.createdAt })),
    };
  });
}

/** Open reports per village, for the coordinator's list of villages. */
export function countOpenReports(db: Db, villageIds: number[]): Map<number, number> {
  if (villageIds.length === 0) return new Map();
  const rows = db
    .select({ villageId: listings.villageId, n: count() })
    .from(listingReports)
    .innerJoin(listings, eq(listings.id, listingReports.listingId))
    .where(and(eq(listingReports.status, "open"), inArray(listings.villageId, villageIds)))
    .groupBy(listings.villageId)
    .all();
  return new Map(rows.map((r) => [r.villageId, r.n]));
}

export type ModerationRefusal = "moderation.listing_not_found" | "moderation.status_not_allowed" | "moderation.nothing_open";

/**
 * Removes a listing of the coordinator's village: status, reason, who; the
 * open reports are closed as actioned, the change is recorded, and the seller
 * gets an SMS saying why, in their language.
 */
export function removeListing(
  db: Db,
  input: { actorUserId: number; villageId: number; listingId: number; reason: ReportReason; note?: string },
  now: Date,
): { ok: true } | { ok: false; reason: ModerationRefusal } {
  return writeTransaction(db, (tx) => {
    const row = tx
      .select({ listing: listings, seller: { id: sellers.id }, user: users, village: villages })
      .from(listings)
      .innerJoin(sellers, eq(sellers.id, listings.sellerId))
      .innerJoin(users, eq(users.id, sellers.userId))
      .innerJoin(villages, eq(villages.id, listings.villageId))
      .where(and(eq(listings.id, input.listingId), eq(listings.villageId, input.villageId)))
      .get();
    // Another village's listing is answered as missing: ids must not leak.
    if (!row) return { ok: false, reason: "moderation.listing_not_found" } as const;
    const { listing, user, village } = row;
    const allowed = canChangeListingStatus(listing.status as ListingStatus, "removed", "moderator");
    if (!allowed.ok) return { ok: false, reason: "moderation.status_not_allowed" } as const;
    const removedReason = formatRemovedReason(input.reason, input.note);
    tx.update(listings)
      .set({ status: "removed", removedReason, removedBy: input.actorUserId, updatedAt: now })
      .where(eq(listings.id, listing.id))
      .run();
    tx.update(listingReports)
      .set({ status: "actioned", resolvedBy: input.actorUserId, resolvedAt: now })
      .where(and(eq(listingReports.listingId, listing.id), eq(listingReports.status, "open"), isNull(listingReports.reviewId)))
      .run();
    tx.insert(listingChanges)
      .values({
        listingId: listing.id,
        actorUserId: input.actorUserId,
        change: JSON.stringify({ status: [listing.status, "removed"], removedReason: [listing.removedReason, removedReason] }),
        at: now,
      })
      .run();
    if (user.phone && !user.deletedAt) {
      const language = user.preferredLanguage;
      const t = translator(language, "storefront");
      const values = {
        title: listingText(listing, "title", language).text,
        village: localized(village, "name", language),
        reason: t(`reportReason.${input.reason}`),
        note: input.note ?? "",
      };
      enqueueSms(
        tx,
        {
          kind: "listing_removed",
          userId: user.id,
          to: user.phone,
          language,
          text: input.note ? t("sms.removedWithNote", values) : t("sms.removed", values),
        },
        now,
      );
    }
    return { ok: true } as const;
  });
}

/** The reports were unfounded: they leave the queue, the listing stays as it is. */
export function dismissReports(
  db: Db,
  input: { actorUserId: number; villageId: number; listingId: number },
  now: Date,
): { ok: true } | { ok: false; reason: ModerationRefusal } {
  return writeTransaction(db, (tx) => {
    const listing = tx
      .select({ id: listings.id })
      .from(listings)
      .where(and(eq(listings.id, input.listingId), eq(listings.villageId, input.villageId)))
      .get();
    if (!listing) return { ok: false, reason: "moderation.listing_not_found" } as const;
    const changed = tx
      .update(listingReports)
      .set({ status: "dismissed", resolvedBy: input.actorUserId, resolvedAt: now })
      .where(and(eq(listingReports.listingId, listing.id), eq(listingReports.status, "open"), isNull(listingReports.reviewId)))
      .run().changes;
    if (changed === 0) return { ok: false, reason: "moderation.nothing_open" } as const;
    return { ok: true } as const;
  });
}
