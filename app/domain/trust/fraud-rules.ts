/**
 * Explainable fraud signals (issue 16 §6; docs/decisions/0030-quality-index-and-fraud-signals.md).
 * Each rule is pure: the facts it needs in, a reason (with the figures that
 * make it) or null out. A flag only asks a person to look; it never blocks,
 * hides or holds anything by itself.
 */
import { messageFlag } from "./message-flags";

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------
// 1. Buying from oneself or one's household

/** The window in which a pair's orders and shared addresses are looked at. */
export const SELF_PURCHASE_WINDOW_MS = 30 * DAY_MS;
/** This many orders of one buyer from one seller within the window, all to one pickup point in the seller's own village, are a pattern. */
export const PICKUP_PATTERN_ORDERS = 3;

export interface PurchaseFacts {
  buyerUserId: number;
  sellerUserId: number;
  /** The buyer and the seller asked for sign-in codes from one network address (not the machine itself) within the window. */
  sharedAddress: boolean;
  /** The pair's orders within the window (this one included) that went to this same pickup point, when it is in the seller's own village; 0 otherwise. */
  samePointOrdersInSellerVillage: number;
}

export type SelfPurchaseReason = "same_phone" | "shared_address" | "pickup_pattern";

export function selfPurchaseReason(f: PurchaseFacts): SelfPurchaseReason | null {
  if (f.buyerUserId === f.sellerUserId) return "same_phone";
  if (f.sharedAddress) return "shared_address";
  if (f.samePointOrdersInSellerVillage >= PICKUP_PATTERN_ORDERS) return "pickup_pattern";
  return null;
}

// ---------------------------------------------------------------------------
// 2. A burst of 5★ reviews from new accounts

export const BURST_WINDOW_MS = 7 * DAY_MS;
/** An account younger than this when it wrote its review is new. */
export const NEW_ACCOUNT_MS = 14 * DAY_MS;
/** This many 5★ reviews of one seller from new accounts within the window are a burst. */
export const BURST_REVIEWS = 3;

export function isReviewBurst(newAccountFiveStarsInWindow: number): boolean {
  return newAccountFiveStarsInWindow >= BURST_REVIEWS;
}

// ---------------------------------------------------------------------------
// 3. A payout destination changed shortly before a large payout

/** A change of IBAN this close before a payout line is "shortly before". */
export const DESTINATION_RECENT_MS = 7 * DAY_MS;
/** A payout line of at least this is large: 200 000 ₸. */
export const LARGE_PAYOUT_TIYN = 200_000 * 100;

export function isRiskyPayout(input: { amountTiyn: number; destinationChangedAt: Date; payoutAt: Date }): boolean {
  const age = input.payoutAt.getTime() - input.destinationChangedAt.getTime();
  return input.amountTiyn >= LARGE_PAYOUT_TIYN && age >= 0 && age <= DESTINATION_RECENT_MS;
}

// ---------------------------------------------------------------------------
// 4. A price far from its category's usual range

/** Fewer active listings in the category than this say nothing about a usual price. */
export const PRICE_MIN_LISTINGS = 10;
/** Outside the median × or ÷ this factor. */
export const PRICE_FACTOR = 5;

export function priceOutlier(priceTiyn: number, medianTiyn: number | null, listingsInCategory: number): "above" | "below" | null {
  if (medianTiyn === null || medianTiyn <= 0 || listingsInCategory < PRICE_MIN_LISTINGS) return null;
  if (priceTiyn > medianTiyn * PRICE_FACTOR) return "above";
  if (priceTiyn * PRICE_FACTOR < medianTiyn) return "below";
  return null;
}

// ---------------------------------------------------------------------------
// 5. A listing that asks for a direct transfer (the messages' own patterns)

/** What a listing's words carry that asks to pay or talk around the escrow, or null. */
export function listingTransferFlag(texts: readonly (string | null | undefined)[]): ReturnType<typeof messageFlag> {
  for (const text of texts) {
    const flag = text ? messageFlag(text) : null;
    if (flag) return flag;
  }
  return null;
}
