import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { RECONCILIATION_RESULTS, RECONCILIATION_SOURCES } from "../../app/domain/payouts/vocabulary";
import { LANE_PAYEE_KINDS } from "../../app/domain/payouts/vocabulary";
import { sellers, users } from "./identity";
import { lanes } from "./logistics";

/**
 * Where a shop's payouts go: one Kazakh IBAN per shop (the bank is named by
 * the IBAN's bank code). Every change is audited and announced to the seller
 * by SMS (docs/decisions/0022-money-rails.md).
 */
export const payoutDestinations = sqliteTable("payout_destinations", {
  sellerId: integer("seller_id")
    .primaryKey()
    .references(() => sellers.id),
  iban: text("iban").notNull(),
  /** The account holder as the bank knows them, and their IIN/BIN. */
  holderName: text("holder_name").notNull(),
  holderTaxId: text("holder_tax_id").notNull(),
  recordedBy: integer("recorded_by")
    .notNull()
    .references(() => users.id),
  /** A coordinator recording it for an assisted seller says the seller agreed. */
  consentRecorded: integer("consent_recorded", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Who receives a lane's delivery fees (carrier_payable:<lane>): a carrier
 * company or sole trader, or the hub's cooperative itself for its own van,
 * with the account the payout batch pays (decision carrier-payouts). Set by
 * the hub's coordinator or an admin; every change is audited, masked.
 */
export const lanePayees = sqliteTable(
  "lane_payees",
  {
    laneId: integer("lane_id")
      .primaryKey()
      .references(() => lanes.id),
    kind: text("kind", { enum: LANE_PAYEE_KINDS }).notNull(),
    /** The account holder as the bank knows them, and their BIN/IIN. */
    holderName: text("holder_name").notNull(),
    holderTaxId: text("holder_tax_id").notNull(),
    iban: text("iban").notNull(),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [check("lane_payees_kind", sql`${t.kind} IN ('carrier', 'cooperative')`)],
);

/** One comparison of the ledger with the provider's transaction list or a bank statement. */
export const reconciliationRuns = sqliteTable("reconciliation_runs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  source: text("source", { enum: RECONCILIATION_SOURCES }).notNull(),
  /** The day or the file the other side covers, as the admin or the job named it. */
  label: text("label").notNull(),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

export const reconciliationItems = sqliteTable(
  "reconciliation_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => reconciliationRuns.id),
    result: text("result", { enum: RECONCILIATION_RESULTS }).notNull(),
    reference: text("reference").notNull(),
    oursTiyn: integer("ours_tiyn"),
    theirsTiyn: integer("theirs_tiyn"),
  },
  (t) => [index("reconciliation_items_run").on(t.runId), check("reconciliation_items_result", sql`${t.result} IN ('matched', 'missing_ours', 'missing_theirs', 'amount_differs')`)],
);
