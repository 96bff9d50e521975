/** The payout and reconciliation words the schema stores and the domain checks (import-free). */

export const PAYOUT_BATCH_STATUSES = ["prepared", "exported", "confirmed", "failed"] as const;
export type PayoutBatchStatus = (typeof PAYOUT_BATCH_STATUSES)[number];

export const PAYOUT_LINE_STATUSES = ["prepared", "exported", "confirmed", "failed"] as const;
export type PayoutLineStatus = (typeof PAYOUT_LINE_STATUSES)[number];

/** Where a reconciliation's other side came from. */
export const RECONCILIATION_SOURCES = ["provider", "bank"] as const;
export type ReconciliationSource = (typeof RECONCILIATION_SOURCES)[number];

/** matched; missing_ours: they have it, we do not; missing_theirs: we have it, they do not; amount_differs. */
export const RECONCILIATION_RESULTS = ["matched", "missing_ours", "missing_theirs", "amount_differs"] as const;
export type ReconciliationResult = (typeof RECONCILIATION_RESULTS)[number];

/** Who receives a lane's delivery fees: a carrier (company or sole trader) or the hub's cooperative (its own van). */
export const LANE_PAYEE_KINDS = ["carrier", "cooperative"] as const;
export type LanePayeeKind = (typeof LANE_PAYEE_KINDS)[number];
