/**
 * Which orders a buyer may send back after pickup (issue 14 §6, docs/decisions/0023-the-way-back-and-returns.md).
 * Kazakhstan's consumer law lets a buyer return non-food goods of proper quality within 14 days;
 * goods made to the buyer's order and the law's exceptions are not returned; a defect is a
 * dispute, not a return. Pure: the goods' facts in, a refusal code or null out.
 */

/** Days after pickup in which a return may be asked. */
export const RETURN_WINDOW_DAYS = 14;

/**
 * Categories (by stable slug; a sub-category counts under its parent's) whose goods are not
 * returned: food, which the 14-day right does not cover; live plants and seeds, and animal feed,
 * which cannot be resold once they left the seller; jewellery, on the exceptions list.
 */
export const NOT_RETURNABLE_CATEGORIES = ["food", "seedlings", "animal-feed", "jewellery"] as const;

/** Units that mean the goods were cut to the buyer's measure (carpet or felt by the square metre). */
export const CUT_TO_MEASURE_UNITS = ["m2"] as const;

export interface ReturnedGoods {
  madeToOrder: boolean;
  unit: string;
  categorySlug: string;
  parentCategorySlug: string | null;
}

export type ReturnRefusal = "orders.return_window_over" | "orders.return_made_to_order" | "orders.return_not_returnable" | "orders.not_allowed_now";

const DAY_MS = 86_400_000;

/** Why this order may not be returned now, or null when it may. `pickedUpAt` null: never collected. */
export function returnRefusal(input: { pickedUpAt: Date | null; now: Date; goods: readonly ReturnedGoods[] }): ReturnRefusal | null {
  if (!input.pickedUpAt || input.goods.length === 0) return "orders.not_allowed_now";
  if (input.now.getTime() > returnWindowEnd(input.pickedUpAt).getTime()) return "orders.return_window_over";
  if (input.goods.some((g) => g.madeToOrder)) return "orders.return_made_to_order";
  const excluded = (slug: string | null) => slug !== null && (NOT_RETURNABLE_CATEGORIES as readonly string[]).includes(slug);
  if (input.goods.some((g) => excluded(g.categorySlug) || excluded(g.parentCategorySlug) || (CUT_TO_MEASURE_UNITS as readonly string[]).includes(g.unit))) {
    return "orders.return_not_returnable";
  }
  return null;
}

/** The last moment a return may be asked. */
export function returnWindowEnd(pickedUpAt: Date): Date {
  return new Date(pickedUpAt.getTime() + RETURN_WINDOW_DAYS * DAY_MS);
}
