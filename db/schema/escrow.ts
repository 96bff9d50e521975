import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sellers, users } from "./identity";
import { lanes } from "./logistics";
import { checkouts, orders } from "./orders";
import { PAYOUT_BATCH_STATUSES, PAYOUT_LINE_STATUSES } from "../../app/domain/payouts/vocabulary";

/**
 * Ledger accounts (DESIGN §4), named by `code`: `psp_clearing`,
 * `escrow:order:<id>`, `seller_payable:<sellerId>`, `platform_commission`,
 * `coop_fee:<villageId>`, `refund_payable:<userId>`, `point_cash:<pickupPointId>`.
 * No balance column: balances are derived from transfers (MONEY-09).
 */
export const ledgerAccounts = sqliteTable("ledger_accounts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  code: text("code").notNull().unique(),
  kind: text("kind").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * One operation that moves money (capture, release, refund, payout, cash
 * settlement…). `idempotencyKey` is unique; `requestHash` lets a replay with a
 * different payload be refused (MONEY-07); `result` is the first outcome, as JSON.
 */
export const ledgerOperations = sqliteTable("ledger_operations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  idempotencyKey: text("idempotency_key").notNull().unique(),
  kind: text("kind").notNull(),
  requestHash: text("request_hash").notNull(),
  orderId: integer("order_id").references(() => orders.id),
  actorUserId: integer("actor_user_id").references(() => users.id),
  result: text("result").notNull().default("{}"),
  at: integer("at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Immutable transfers: one debit, one credit, amount > 0 (every posting
 * balances by construction). Corrections are new transfers; triggers refuse
 * UPDATE and DELETE (MONEY-02).
 */
export const ledgerTransfers = sqliteTable(
  "ledger_transfers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    operationId: integer("operation_id")
      .notNull()
      .references(() => ledgerOperations.id),
    debitAccountId: integer("debit_account_id")
      .notNull()
      .references(() => ledgerAccounts.id),
    creditAccountId: integer("credit_account_id")
      .notNull()
      .references(() => ledgerAccounts.id),
    amountTiyn: integer("amount_tiyn").notNull(),
    reason: text("reason").notNull(),
    orderId: integer("order_id").references(() => orders.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("ledger_transfers_debit").on(t.debitAccountId),
    index("ledger_transfers_credit").on(t.creditAccountId),
    index("ledger_transfers_order").on(t.orderId),
    index("ledger_transfers_operation").on(t.operationId),
    check("ledger_transfers_amount_positive", sql`${t.amountTiyn} > 0`),
    check("ledger_transfers_two_accounts", sql`${t.debitAccountId} <> ${t.creditAccountId}`),
  ],
);

/**
 * A payment at the provider for one online checkout. `providerRef` is the
 * provider's id; webhook events move `status` forward only.
 */
export const payments = sqliteTable(
  "payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    checkoutId: integer("checkout_id")
      .notNull()
      .unique()
      .references(() => checkouts.id),
    provider: text("provider").notNull(),
    providerRef: text("provider_ref").notNull().unique(),
    amountTiyn: integer("amount_tiyn").notNull(),
    status: text("status", { enum: ["pending", "captured", "declined", "expired"] }).notNull().default("pending"),
    /** The provider's own id of the captured transaction (CloudPayments' TransactionId): refunds name it. */
    providerTransactionId: text("provider_transaction_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [check("payments_amount_positive", sql`${t.amountTiyn} > 0`)],
);

/** Every webhook event a provider delivered, by its own id: a replay is recognised and ignored. */
export const paymentEvents = sqliteTable(
  "payment_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    provider: text("provider").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    paymentId: integer("payment_id").references(() => payments.id),
    type: text("type").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    /** The event's own time at the provider, for ordering out-of-order deliveries. */
    occurredAt: integer("occurred_at", { mode: "timestamp_ms" }).notNull(),
    /** What the event said and what we did with it: a refused one (amount_mismatch, unknown_payment) is shown to the admin. */
    reference: text("reference"),
    amountTiyn: integer("amount_tiyn"),
    outcome: text("outcome"),
  },
  (t) => [uniqueIndex("payment_events_provider_event").on(t.provider, t.providerEventId)],
);

/** A batch of payouts to sellers, with one line (and one statement) per seller. */
export const payoutBatches = sqliteTable("payout_batches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  totalTiyn: integer("total_tiyn").notNull(),
  /** prepared → exported (the bank file was taken) → confirmed (every line settled, one at least paid) | failed (every line failed). */
  status: text("status", { enum: PAYOUT_BATCH_STATUSES }).notNull().default("prepared"),
  /** Set at the first export and written into the file: the same batch gives the same bytes. */
  exportedAt: integer("exported_at", { mode: "timestamp_ms" }),
});

export const payoutLines = sqliteTable(
  "payout_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => payoutBatches.id),
    /** Whom the line pays: a shop (seller_payable) or a lane's payee (carrier_payable, decision carrier-payouts); exactly one is set. */
    sellerId: integer("seller_id").references(() => sellers.id),
    laneId: integer("lane_id").references(() => lanes.id),
    amountTiyn: integer("amount_tiyn").notNull(),
    operationId: integer("operation_id")
      .notNull()
      .references(() => ledgerOperations.id),
    /** prepared → exported → confirmed | failed. */
    status: text("status", { enum: PAYOUT_LINE_STATUSES }).notNull().default("prepared"),
    /** Where the money goes, as it was when the batch was prepared. */
    iban: text("iban"),
    bic: text("bic"),
    holderName: text("holder_name"),
    holderTaxId: text("holder_tax_id"),
    failureReason: text("failure_reason"),
    settledAt: integer("settled_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("payout_lines_seller").on(t.sellerId),
    index("payout_lines_lane").on(t.laneId),
    check("payout_lines_amount_positive", sql`${t.amountTiyn} > 0`),
    check("payout_lines_one_payee", sql`(${t.sellerId} IS NULL) <> (${t.laneId} IS NULL)`),
  ],
);
