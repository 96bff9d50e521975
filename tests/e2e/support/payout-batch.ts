import type { Locator, Page } from "@playwright/test";

/**
 * The row of a payout line in the batch the admin just made — or, when another test running
 * alongside made the batch that took that money first (batches hold everyone owed money in the
 * shared e2e database), in the recent batch that holds it.
 */
export async function batchRowFor(admin: Page, text: string): Promise<Locator> {
  const links = await admin.locator('a[href*="/admin/money?batch="]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  for (const href of [admin.url(), ...links].filter((h) => /[?&]batch=\d+/.test(h))) {
    if (href !== admin.url()) await admin.goto(href);
    const row = admin.locator("#batch").getByRole("row").filter({ hasText: text });
    if ((await row.count()) === 1) return row;
  }
  throw new Error(`no recent payout batch has a line for ${text}`);
}
