/**
 * Small-cell suppression (docs/metrics.md "Small-cell suppression"): an
 * analyst never sees a figure built from fewer than 5 sellers. Such a cell is
 * the string "<5" everywhere it leaves the server: on the page, in the CSV and
 * in the JSON API alike.
 *
 * "Built from" means the distinct sellers with sales data behind the cell (a
 * completed order, a refunded order or a refund in the cell's village(s) and
 * month(s), from insights_seller_months). A cell with no seller at all is a
 * true zero and is shown: it tells nothing about anyone.
 *
 * Pure: counts in, cells out.
 */
export const SUPPRESSED = "<5" as const;
export type Suppressed = typeof SUPPRESSED;
/** The fewest sellers a shown figure may be built from (k-anonymity threshold). */
export const MIN_SELLERS = 5;

/** A figure as an analyst sees it: the number, or "<5". */
export type Cell<T = number> = T | Suppressed;

export function isSuppressed(cell: unknown): cell is Suppressed {
  return cell === SUPPRESSED;
}

/** True when a figure built from `sellers` sellers must be hidden: 1 to 4 of them. */
export function mustSuppress(sellers: number): boolean {
  return sellers > 0 && sellers < MIN_SELLERS;
}

/** The value, or "<5" when it is built from 1–4 sellers. */
export function cell<T>(value: T, sellers: number): Cell<T> {
  return mustSuppress(sellers) ? SUPPRESSED : value;
}

/** Every figure of a record through `cell` with the same seller count. */
export function cells<T extends Record<string, unknown>>(values: T, sellers: number): { [K in keyof T]: Cell<T[K]> } {
  const hide = mustSuppress(sellers);
  const out = {} as { [K in keyof T]: Cell<T[K]> };
  for (const key of Object.keys(values) as (keyof T)[]) out[key] = hide ? SUPPRESSED : values[key];
  return out;
}

/**
 * Which rows of a table to hide, when the table's total is shown too: the rows
 * built from 1–4 sellers (primary suppression) and then, while the hidden rows
 * together stand on fewer than 5 sellers, the shown row with the fewest
 * sellers (secondary suppression), so that "total − the shown rows" never
 * gives a figure built from fewer than 5 sellers. Rows without sellers are
 * zeros and stay shown.
 */
export function suppressRows(sellerCounts: readonly number[]): boolean[] {
  const hidden = sellerCounts.map(mustSuppress);
  let hiddenSellers = sellerCounts.reduce((sum, n, i) => sum + (hidden[i] ? n : 0), 0);
  while (mustSuppress(hiddenSellers)) {
    let smallest = -1;
    sellerCounts.forEach((n, i) => {
      if (!hidden[i] && n > 0 && (smallest < 0 || n < sellerCounts[smallest]!)) smallest = i;
    });
    if (smallest < 0) break;
    hidden[smallest] = true;
    hiddenSellers += sellerCounts[smallest]!;
  }
  return hidden;
}

/** A cell as text for a table, a CSV or a chart label ("<5" stays "<5"). */
export function cellText<T>(value: Cell<T>, format: (v: T) => string): string {
  return isSuppressed(value) ? SUPPRESSED : format(value);
}

/** The number behind a cell, or null when it is hidden (charts draw no bar for it). */
export function cellNumber(value: Cell<number>): number | null {
  return isSuppressed(value) ? null : value;
}
