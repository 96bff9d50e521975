import { asc, and, desc, eq, isNull } from "drizzle-orm";
import { roleGrants, sellerApplications, sellers, users, villages } from "../../../db/schema";
import { writeTransaction, type Db } from "../../db.server";
import { translator } from "../../i18n/translate.server";
import { localized, names, namesAs } from "../../i18n/localized";
import { enqueueSms } from "../notify/outbox.server";
import { recordAudit } from "./audit.server";
import { cleanLines } from "./person-text";
import { maskTaxId, type TaxIdKind } from "./tax-id";
import { flagSessionsForRotation } from "./sessions.server";


export type ApplyRefusal = "identity.village_not_found" | "identity.already_seller" | "identity.application_pending";

/** A signed-in person asks to sell in a village; the village's coordinator decides. */
export function applyToSell(
  db: Db,
  input: { userId: number; villageSlug: string; name: string; craft: string; taxId: { value: string; kind: TaxIdKind } | null; ip: string },
  now: Date,
): { ok: true; applicationId: number } | { ok: false; reason: ApplyRefusal } {
  return writeTransaction(db, (tx) => {
    const village = tx.select({ id: villages.id }).from(villages).where(eq(villages.slug, input.villageSlug)).get();
    if (!village) return { ok: false, reason: "identity.village_not_found" } as const;
    const seller = tx.select({ id: sellers.id }).from(sellers).where(and(eq(sellers.userId, input.userId), eq(sellers.villageId, village.id))).get();
    if (seller) return { ok: false, reason: "identity.already_seller" } as const;
    const pending = tx
      .select({ id: sellerApplications.id })
      .from(sellerApplications)
      .where(and(eq(sellerApplications.userId, input.userId), eq(sellerApplications.villageId, village.id), eq(sellerApplications.status, "pending")))
      .get();
    if (pending) return { ok: false, reason: "identity.application_pending" } as const;
    const application = tx
      .insert(sellerApplications)
      .values({
        userId: input.userId,
        villageId: village.id,
        name: input.name,
        craft: input.craft,
        taxIdKind: input.taxId?.kind ?? null,
        taxId: input.taxId?.value ?? null,
        createdAt: now,
      })
      .returning({ id: sellerApplications.id })
      .get();
    recordAudit(
      tx,
      {
        action: "application.submitted",
        actorUserId: input.userId,
        subjectUserId: input.userId,
        ip: input.ip,
        details: { applicationId: application.id, villageId: village.id, taxId: input.taxId ? maskTaxId(input.taxId.value) : null },
      },
      now,
    );
    return { ok: true, applicationId: application.id } as const;
  });
}

/** The seller area: where the person sells, whether verified, and every application they made. */
export function getSellerArea(db: Db, userId: number) {
  const villageColumns = { slug: villages.slug, ...names(villages) };
  const activeVillages = new Set(
    db
      .select({ villageId: roleGrants.villageId })
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, "seller"), isNull(roleGrants.revokedAt)))
      .all()
      .map((g) => g.villageId),
  );
  const shops = db
    .select({ id: sellers.id, villageId: sellers.villageId, name: sellers.name, approvedAt: sellers.approvedAt, verifiedAt: sellers.verifiedAt, village: villageColumns })
    .from(sellers)
    .innerJoin(villages, eq(villages.id, sellers.villageId))
    .where(eq(sellers.userId, userId))
    .all()
    // An admin may revoke the seller role: the shop stays on record, marked suspended.
    .map(({ villageId, ...shop }) => ({ ...shop, active: activeVillages.has(villageId) }));
  const applications = db
    .select({
      id: sellerApplications.id,
      name: sellerApplications.name,
      craft: sellerApplications.craft,
      taxId: sellerApplications.taxId,
      status: sellerApplications.status,
      createdAt: sellerApplications.createdAt,
      decidedAt: sellerApplications.decidedAt,
      reason: sellerApplications.reason,
      village: villageColumns,
    })
    .from(sellerApplications)
    .innerJoin(villages, eq(villages.id, sellerApplications.villageId))
    .where(eq(sellerApplications.userId, userId))
    .orderBy(desc(sellerApplications.id))
    .all()
    .map(({ taxId, ...rest }) => ({ ...rest, taxIdMasked: taxId ? maskTaxId(taxId) : null }));
  return { shops, applications };
}

/** Villages where the person is a coordinator. */
export function listCoordinatedVillages(db: Db, userId: number) {
  return db
    .select({ id: villages.id, slug: villages.slug, ...names(villages) })
    .from(roleGrants)
    .innerJoin(villages, eq(villages.id, roleGrants.villageId))
    .where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, "coordinator"), isNull(roleGrants.revokedAt)))
    .all();
}

/** What an application says, as its applicant and its village's coordinator read it. */
export const applicationColumns = {
  id: sellerApplications.id,
  name: sellerApplications.name,
  craft: sellerApplications.craft,
  taxIdKind: sellerApplications.taxIdKind,
  taxId: sellerApplications.taxId,
  status: sellerApplications.status,
  createdAt: sellerApplications.createdAt,
  decidedAt: sellerApplications.decidedAt,
  reason: sellerApplications.reason,
};

/**
 * The coordinator's view of a village: applications (with the IIN/BIN in
 * full: the coordinator checks it against documents in person) and sellers.
 */
export function getVillageDesk(db: Db, villageId: number) {
  const applications = db
    .select({ ...applicationColumns, phone: users.phone })
    .from(sellerApplications)
    .innerJoin(users, eq(users.id, sellerApplications.userId))
    .where(eq(sellerApplications.villageId, villageId))
    .orderBy(desc(sellerApplications.id))
    .limit(200)
    .all();
  const sellerRows = db
    .select({ id: sellers.id, name: sellers.name, approvedAt: sellers.approvedAt, verifiedAt: sellers.verifiedAt, assisted: sellers.assistedOrders, phone: users.phone })
    .from(sellers)
    .innerJoin(users, eq(users.id, sellers.userId))
    .where(eq(sellers.villageId, villageId))
    .orderBy(desc(sellers.id))
    .all();
  return { applications, sellers: sellerRows };
}

export type DecideRefusal = "identity.application_not_found" | "identity.application_decided" | "identity.reason_required";

/**
 * Approves or rejects an application of this village. Approval makes the
 * seller and grants seller@village; either way the applicant gets an SMS in
 * their language, sent after commit.
 */
export function decideApplication(
  db: Db,
  input: { actorUserId: number; villageId: number; applicationId: number; approve: boolean; reason: string; ip: string },
  now: Date,
): { ok: true } | { ok: false; reason: DecideRefusal } {
  return writeTransaction(db, (tx) => {
    const row = tx
      .select({ application: sellerApplications, user: users, village: villages })
      .from(sellerApplications)
      .innerJoin(users, eq(users.id, sellerApplications.userId))
      .innerJoin(villages, eq(villages.id, sellerApplications.villageId))
      .where(and(eq(sellerApplications.id, input.applicationId), eq(sellerApplications.villageId, input.villageId)))
      .get();
    // Another village's application is answered as missing: ids must not leak.
    if (!row) return { ok: false, reason: "identity.application_not_found" } as const;
    const { application, user, village } = row;
    if (application.status !== "pending") return { ok: false, reason: "identity.application_decided" } as const;
    // The applicant reads the reason (and its SMS): cleaned like every text a person types.
    const reason = cleanLines(input.reason);
    if (!input.approve && reason === "") return { ok: false, reason: "identity.reason_required" } as const;
    tx.update(sellerApplications)
      .set({ status: input.approve ? "approved" : "rejected", decidedBy: input.actorUserId, decidedAt: now, reason: reason || null })
      .where(eq(sellerApplications.id, application.id))
      .run();
    if (input.approve) {
      tx.insert(sellers)
        .values({ userId: user.id, villageId: village.id, applicationId: application.id, name: application.name, approvedAt: now })
        .onConflictDoNothing()
        .run();
      const hasRole = tx
        .select({ id: roleGrants.id })
        .from(roleGrants)
        .where(and(eq(roleGrants.userId, user.id), eq(roleGrants.role, "seller"), eq(roleGrants.villageId, village.id), isNull(roleGrants.revokedAt)))
        .get();
      if (!hasRole) {
        tx.insert(roleGrants).values({ userId: user.id, role: "seller", villageId: village.id, grantedBy: input.actorUserId, grantedAt: now }).run();
        recordAudit(tx, { action: "role.granted", actorUserId: input.actorUserId, subjectUserId: user.id, ip: input.ip, details: { role: "seller", villageId: village.id, regionId: null } }, now);
      }
      flagSessionsForRotation(tx, user.id);
    }
    if (user.phone) {
      const language = user.preferredLanguage;
      const t = translator(language, "identity");
      const villageName = localized(village, "name", language);
      enqueueSms(
        tx,
        {
          kind: input.approve ? "application_approved" : "application_rejected",
          userId: user.id,
          to: user.phone,
          language,
          text: input.approve ? t("sms.approved", { village: villageName }) : t("sms.rejected", { village: villageName, reason }),
        },
        now,
      );
    }
    recordAudit(
      tx,
      {
        action: input.approve ? "application.approved" : "application.rejected",
        actorUserId: input.actorUserId,
        subjectUserId: user.id,
        ip: input.ip,
        details: { applicationId: application.id, villageId: village.id, taxId: application.taxId ? maskTaxId(application.taxId) : null },
      },
      now,
    );
    return { ok: true } as const;
  });
}

/** "Verified by the cooperative": a coordinator saw the seller's documents in person. */
export function verifySeller(
  db: Db,
  input: { actorUserId: number; villageId: number; sellerId: number; ip: string },
  now: Date,
): { ok: true } | { ok: false; reason: "identity.seller_not_found" } {
  return writeTransaction(db, (tx) => {
    const seller = tx.select().from(sellers).where(and(eq(sellers.id, input.sellerId), eq(sellers.villageId, input.villageId))).get();
    if (!seller) return { ok: false, reason: "identity.seller_not_found" } as const;
    if (!seller.verifiedAt) {
      tx.update(sellers).set({ verifiedAt: now, verifiedBy: input.actorUserId }).where(eq(sellers.id, seller.id)).run();
      recordAudit(tx, { action: "seller.verified", actorUserId: input.actorUserId, subjectUserId: seller.userId, ip: input.ip, details: { sellerId: seller.id, villageId: seller.villageId } }, now);
    }
    return { ok: true } as const;
  });
}

/** Every shop of a person (one per village they sell in), oldest first, with the village's names: the seller's own screens start here. */
export function listShopsOf(db: Db, userId: number) {
  return db
    .select({ sellerId: sellers.id, name: sellers.name, ...namesAs("village", villages) })
    .from(sellers)
    .innerJoin(villages, eq(villages.id, sellers.villageId))
    .where(eq(sellers.userId, userId))
    .orderBy(asc(sellers.id))
    .all();
}
