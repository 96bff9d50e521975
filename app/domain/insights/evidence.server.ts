/**
 * The evidence pack (issue 6 §7): with a seller's recorded consent, the
 * coordinators of the seller's village print the shop's sales history for a
 * microcredit programme. The consent rows are the record: they are never
 * deleted, only withdrawn or left to expire.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, gte, isNull, lte, min, sql } from "drizzle-orm";
import { auditLog, evidenceConsents, insightsSellerMonths, sellers, villages } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { recordAudit } from "../identity/audit.server";
import { consentExpiry, EVIDENCE_MONTHS, isLive, type ConsentDays } from "./evidence-rules";
import { periods } from "./insights.server";
import { measuresOf, type Measures } from "./outcome";
import { listShopsOf } from "../identity/sellers.server";
import { names } from "../../i18n/localized";

const liveAt = (now: Date) => and(isNull(evidenceConsents.withdrawnAt), lte(evidenceConsents.givenAt, now), gt(evidenceConsents.expiresAt, now));

/** The person's own shops, each with its consents (newest first), for /seller/evidence. */
export function listSellerConsents(db: Db, userId: number, now: Date) {
  const shops = listShopsOf(db, userId);
  return shops.map((shop) => {
    const consents = db.select().from(evidenceConsents).where(eq(evidenceConsents.sellerId, shop.sellerId)).orderBy(desc(evidenceConsents.givenAt), desc(evidenceConsents.id)).all();
    return {
      ...shop,
      consents: consents.map((c) => ({
        id: c.id,
        purpose: c.purpose,
        givenAt: c.givenAt,
        expiresAt: c.expiresAt,
        withdrawnAt: c.withdrawnAt,
        state: isLive(c, now) ? ("live" as const) : c.withdrawnAt ? ("withdrawn" as const) : ("expired" as const),
      })),
    };
  });
}

/** The seller (person) gives consent for one of their shops. */
export function giveConsent(
  db: Db,
  input: { userId: number; sellerId: number; purpose: string; days: ConsentDays },
  now: Date,
): { ok: true; consentId: number } | { ok: false; reason: "evidence.shop_not_found" } {
  return writeTransaction(db, (tx) => {
    const shop = tx.select({ id: sellers.id }).from(sellers).where(and(eq(sellers.id, input.sellerId), eq(sellers.userId, input.userId))).get();
    if (!shop) return { ok: false, reason: "evidence.shop_not_found" } as const;
    const row = tx
      .insert(evidenceConsents)
      .values({ sellerId: shop.id, purpose: input.purpose, givenAt: now, expiresAt: consentExpiry(now, input.days) })
      .returning({ id: evidenceConsents.id })
      .get();
    return { ok: true, consentId: row.id } as const;
  });
}

/** Withdraws one of the person's live consents at once; an already ended one is left as it is. */
export function withdrawConsent(db: Db, input: { userId: number; consentId: number }, now: Date): { ok: true } | { ok: false; reason: "evidence.consent_not_found" } {
  return writeTransaction(db, (tx) => {
    const consent = tx
      .select({ id: evidenceConsents.id, withdrawnAt: evidenceConsents.withdrawnAt })
      .from(evidenceConsents)
      .innerJoin(sellers, eq(sellers.id, evidenceConsents.sellerId))
      .where(and(eq(evidenceConsents.id, input.consentId), eq(sellers.userId, input.userId)))
      .get();
    if (!consent) return { ok: false, reason: "evidence.consent_not_found" } as const;
    if (consent.withdrawnAt === null) tx.update(evidenceConsents).set({ withdrawnAt: now }).where(eq(evidenceConsents.id, consent.id)).run();
    return { ok: true } as const;
  });
}

/** The village's sellers with a live consent, one row per consent, for the coordinator's list. */
export function listVillageEvidence(db: Db, villageId: number, now: Date) {
  return db
    .select({ consentId: evidenceConsents.id, sellerId: sellers.id, name: sellers.name, purpose: evidenceConsents.purpose, givenAt: evidenceConsents.givenAt, expiresAt: evidenceConsents.expiresAt })
    .from(evidenceConsents)
    .innerJoin(sellers, eq(sellers.id, evidenceConsents.sellerId))
    .where(and(eq(sellers.villageId, villageId), liveAt(now)))
    .orderBy(asc(sellers.name), asc(sellers.id), desc(evidenceConsents.givenAt))
    .all();
}

export interface EvidenceMonth extends Measures {
  month: string;
}

export interface EvidencePack {
  reference: string;
  printedAt: Date;
  seller: { id: number; name: string | null };
  village: { nameKk: string; nameRu: string; nameEn: string };
  consent: { id: number; purpose: string; givenAt: Date; expiresAt: Date };
  months: EvidenceMonth[];
  totals: Measures;
  monthsWithSales: number;
  /** The first month the shop ever completed an order ('YYYY-MM'), or null. */
  firstSaleMonth: string | null;
}

export type PrintRefusal = "evidence.seller_not_found" | "evidence.no_consent";

/**
 * The printable pack of one seller of the village, if the seller's consent is
 * live at `now`: twelve months of insights_seller_months, totals, months with
 * sales and the first sale month, and a reference number. Each print is
 * recorded in the audit log with its reference, so the coordinator can
 * confirm a pack a lender shows them (findPrintedReference).
 */
export function printEvidencePack(
  db: Db,
  input: { villageId: number; sellerId: number; actorUserId: number; ip: string | null },
  now: Date,
): { ok: true; pack: EvidencePack } | { ok: false; reason: PrintRefusal } {
  return writeTransaction(db, (tx) => {
    const seller = tx
      .select({ id: sellers.id, userId: sellers.userId, name: sellers.name, ...names(villages) })
      .from(sellers)
      .innerJoin(villages, eq(villages.id, sellers.villageId))
      .where(and(eq(sellers.id, input.sellerId), eq(sellers.villageId, input.villageId)))
      .get();
    if (!seller) return { ok: false, reason: "evidence.seller_not_found" } as const;
    // The newest live consent; without one nothing is read.
    const consent = tx
      .select()
      .from(evidenceConsents)
      .where(and(eq(evidenceConsents.sellerId, seller.id), liveAt(now)))
      .orderBy(desc(evidenceConsents.givenAt), desc(evidenceConsents.id))
      .get();
    if (!consent) return { ok: false, reason: "evidence.no_consent" } as const;

    const { current } = periods(EVIDENCE_MONTHS, now);
    const rows = tx
      .select()
      .from(insightsSellerMonths)
      .where(
        and(
          eq(insightsSellerMonths.sellerId, seller.id),
          eq(insightsSellerMonths.villageId, input.villageId),
          gte(insightsSellerMonths.month, current.first),
          lte(insightsSellerMonths.month, current.last),
        ),
      )
      .all();
    const months: EvidenceMonth[] = current.months.map((month) => ({ month, ...measuresOf(rows.find((r) => r.month === month)) }));
    const sum = (key: keyof Measures) => months.reduce((s, m) => s + m[key], 0);
    const totals = { gmvTiyn: sum("gmvTiyn"), ordersCompleted: sum("ordersCompleted"), items: sum("items"), refundedTiyn: sum("refundedTiyn"), ordersRefunded: sum("ordersRefunded") };
    const first = tx
      .select({ month: min(insightsSellerMonths.month) })
      .from(insightsSellerMonths)
      .where(and(eq(insightsSellerMonths.sellerId, seller.id), gt(insightsSellerMonths.ordersCompleted, 0)))
      .get();
    const reference = evidenceReference(consent.id, now, months);
    recordAudit(
      tx,
      {
        action: "evidence.printed",
        actorUserId: input.actorUserId,
        subjectUserId: seller.userId,
        ip: input.ip,
        details: { sellerId: seller.id, villageId: input.villageId, consentId: consent.id, reference },
      },
      now,
    );
    return {
      ok: true,
      pack: {
        reference,
        printedAt: now,
        seller: { id: seller.id, name: seller.name },
        village: { ...names(seller) },
        consent: { id: consent.id, purpose: consent.purpose, givenAt: consent.givenAt, expiresAt: consent.expiresAt },
        months,
        totals,
        monthsWithSales: months.filter((m) => m.ordersCompleted > 0).length,
        firstSaleMonth: first?.month ?? null,
      },
    } as const;
  });
}

/**
 * "AH-<consent>-<YYYYMMDD>-<6 hex>": the consent, the day printed (UTC) and a
 * fingerprint of the figures, so two packs with different numbers never share
 * a reference. Short enough to read out over the phone.
 */
export function evidenceReference(consentId: number, printedAt: Date, months: EvidenceMonth[]): string {
  const figures = months.map((m) => [m.month, m.gmvTiyn, m.ordersCompleted, m.items, m.refundedTiyn, m.ordersRefunded].join(":")).join("|");
  const fingerprint = createHash("sha256").update(`${consentId}|${figures}`).digest("hex").slice(0, 6).toUpperCase();
  return `AH-${consentId}-${printedAt.toISOString().slice(0, 10).replace(/-/g, "")}-${fingerprint}`;
}

export const REFERENCE_PATTERN = /^AH-(\d{1,12})-(\d{8})-([0-9A-F]{6})$/;

/**
 * Whether a reference was printed for a seller of this village, and when (the
 * first print). A lender calls the coordinator with the number; the
 * coordinator checks it here. Read from the audit log through the seller's
 * index (subject), not by scanning the log.
 */
export function findPrintedReference(db: Db, villageId: number, reference: string) {
  const normalized = reference.trim().toUpperCase();
  const match = REFERENCE_PATTERN.exec(normalized);
  if (!match) return { ok: false, reason: "evidence.reference_invalid" } as const;
  const consent = db
    .select({ id: evidenceConsents.id, sellerId: sellers.id, userId: sellers.userId, name: sellers.name, purpose: evidenceConsents.purpose })
    .from(evidenceConsents)
    .innerJoin(sellers, eq(sellers.id, evidenceConsents.sellerId))
    .where(and(eq(evidenceConsents.id, Number(match[1])), eq(sellers.villageId, villageId)))
    .get();
  if (!consent) return { ok: false, reason: "evidence.reference_unknown" } as const;
  const printed = db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.subjectUserId, consent.userId), eq(auditLog.action, "evidence.printed"), sql`json_extract(${auditLog.details}, '$.reference') = ${normalized}`))
    .orderBy(asc(auditLog.id))
    .get();
  if (!printed) return { ok: false, reason: "evidence.reference_unknown" } as const;
  return { ok: true, reference: normalized, printedAt: printed.at, sellerId: consent.sellerId, name: consent.name, purpose: consent.purpose } as const;
}
