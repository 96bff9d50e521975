/**
 * Ledger account names and their normal side (DESIGN §4, docs/decisions/0008-ledger.md).
 *
 * A transfer debits one account and credits another. An account's balance is
 * read on its normal side: credits − debits for the liability-like kinds (money
 * we hold for someone or have earned), debits − credits for the asset-like
 * kinds (money that sits somewhere real). Σ(credits − debits) over every
 * account is 0 by construction, so Σ liability balances = Σ asset balances.
 */

export const ACCOUNT_KINDS = [
  /** Asset: what the licensed payment organisation (or the cooperative's bank) holds for the platform. */
  "psp_clearing",
  /** Asset: cash a pickup point took at handover and has not yet banked. */
  "point_cash",
  /** Liability: a buyer's payment held for one order until release or refund. */
  "escrow",
  /**
   * Liability: a cash order's cash the hub keeps after pickup until the inspection window has
   * passed or a dispute is settled (issue 14 §7) — not yet the seller's.
   */
  "cash_held",
  /** Liability: released money owed to a seller until a payout. */
  "seller_payable",
  /**
   * Liability: a seller's payout sent to the bank and not yet confirmed by it
   * (docs/decisions/0022-money-rails.md). Paid out only on the bank's word;
   * a failed payout goes back to seller_payable.
   */
  "payout_in_flight",
  /**
   * Asset: what a seller owes the platform, when a return was refunded after their money
   * was paid out (docs/decisions/0024-seller-debt-after-returns.md); recovered from their next payouts.
   */
  "seller_receivable",
  /** Liability: money owed back to a buyer until the provider pays it. */
  "refund_payable",
  /** Revenue: the platform's commission. */
  "platform_commission",
  /** Revenue of the seller's village cooperative. */
  "coop_fee",
  /**
   * Liability: delivery fees owed to a lane's carrier (a bus driver, Kazpost, a courier
   * company) or, for the cooperative's own van, to the hub — booked at release, one
   * account per lane (decision lanes-and-delivery-fees).
   */
  "carrier_payable",
  /**
   * Liability: a lane's delivery fees sent to its payee's bank and not yet confirmed by it
   * (decision carrier-payouts); like payout_in_flight, paid out only on the bank's word.
   */
  "carrier_in_flight",
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** Kinds whose balance grows with debits. */
export const ASSET_KINDS: readonly AccountKind[] = ["psp_clearing", "point_cash", "seller_receivable"];

/**
 * Kinds that must never go below zero (MONEY-06). psp_clearing is left out on
 * purpose: a payout of cash-order money may go out before the point's cash is
 * banked, which the payment organisation advances.
 */
export const NON_NEGATIVE_KINDS: readonly AccountKind[] = [
  "escrow",
  "cash_held",
  "seller_payable",
  "payout_in_flight",
  "seller_receivable",
  "refund_payable",
  "point_cash",
  "platform_commission",
  "coop_fee",
  "carrier_payable",
  "carrier_in_flight",
];

export const PSP_CLEARING = "psp_clearing";
export const PLATFORM_COMMISSION = "platform_commission";
export const escrowAccount = (orderId: number) => `escrow:order:${orderId}`;
export const cashHeldAccount = (orderId: number) => `cash_held:order:${orderId}`;
/** Where an order's money waits until release or refund: escrow online, the hub's cash-held account for cash. */
export const heldAccount = (orderId: number, paymentMethod: "online" | "cash") =>
  paymentMethod === "cash" ? cashHeldAccount(orderId) : escrowAccount(orderId);
export const sellerPayableAccount = (sellerId: number) => `seller_payable:${sellerId}`;
export const payoutInFlightAccount = (sellerId: number) => `payout_in_flight:${sellerId}`;
export const sellerReceivableAccount = (sellerId: number) => `seller_receivable:${sellerId}`;
export const coopFeeAccount = (villageId: number) => `coop_fee:${villageId}`;
export const refundPayableAccount = (buyerUserId: number) => `refund_payable:${buyerUserId}`;
export const pointCashAccount = (pickupPointId: number) => `point_cash:${pickupPointId}`;
export const carrierPayableAccount = (laneId: number) => `carrier_payable:${laneId}`;
export const carrierInFlightAccount = (laneId: number) => `carrier_in_flight:${laneId}`;

const PATTERNS: [RegExp, AccountKind][] = [
  [/^psp_clearing$/, "psp_clearing"],
  [/^platform_commission$/, "platform_commission"],
  [/^escrow:order:[1-9][0-9]*$/, "escrow"],
  [/^cash_held:order:[1-9][0-9]*$/, "cash_held"],
  [/^seller_payable:[1-9][0-9]*$/, "seller_payable"],
  [/^seller_receivable:[1-9][0-9]*$/, "seller_receivable"],
  [/^coop_fee:[1-9][0-9]*$/, "coop_fee"],
  [/^payout_in_flight:[1-9][0-9]*$/, "payout_in_flight"],
  [/^refund_payable:[1-9][0-9]*$/, "refund_payable"],
  [/^point_cash:[1-9][0-9]*$/, "point_cash"],
  [/^carrier_payable:[1-9][0-9]*$/, "carrier_payable"],
  [/^carrier_in_flight:[1-9][0-9]*$/, "carrier_in_flight"],
];

/** The kind an account code names, or throws on a code that is not one of ours. */
export function accountKind(code: string): AccountKind {
  for (const [pattern, kind] of PATTERNS) if (pattern.test(code)) return kind;
  throw new Error(`not a ledger account code: ${code}`);
}

/** The id at the end of a per-entity code (`escrow:order:12` → 12), or null for a singleton account. */
export function accountSubject(code: string): number | null {
  const match = /:(\d+)$/.exec(code);
  return match ? Number(match[1]) : null;
}

export function isAsset(kind: AccountKind): boolean {
  return ASSET_KINDS.includes(kind);
}

/** The balance on the account's normal side from its debit and credit totals. */
export function normalBalance(kind: AccountKind, debitsTiyn: number, creditsTiyn: number): number {
  return isAsset(kind) ? debitsTiyn - creditsTiyn : creditsTiyn - debitsTiyn;
}
