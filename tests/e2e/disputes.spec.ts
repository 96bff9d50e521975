import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import sharp from "sharp";
import { expect, localeText, looseSpaces, test, type Language } from "./fixtures";
import { formatMoney } from "../../app/i18n/money";
import { DATABASE_PATH, fitsThePhone, handOver, o, order, orderCard, People, press, toHub, world, type World } from "./support/order-journey";

/**
 * Issue 16 §4's "done when": the dispute ladder with JavaScript off on a 360×640 phone, in kk, ru
 * and en — evidence with a photo, the seller's reply, the coordinator's partial refund, the
 * seller's appeal, the neutral reviewer's full refund, the money as decided and the ledger audit
 * clean (MONEY-01, MONEY-05); the bypass of a conflicted coordinator; a missed seller deadline.
 * Order-world numbers 23–25 (and 33–35 on a retry).
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

const d = (language: Language, key: string, vars: Record<string, string | number> = {}) =>
  Object.entries(vars).reduce((text, [name, value]) => text.replaceAll(`{{${name}}}`, String(value)), localeText(language, "disputes", key));

const photo = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 120, g: 90, b: 70 } } })
    .jpeg({ quality: 85 })
    .toBuffer();

function adminToken(language: Language, testNumber: number): string {
  const out = execFileSync("npx", ["tsx", "tests/e2e/support/admin-session.ts", language, String(testNumber + 10 * test.info().retry)], {
    env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" },
    encoding: "utf8",
  });
  return (JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { token: string }).token;
}

/** The deadline job as of another moment, against the e2e server's database. */
function jobsAt(moment: Date) {
  execFileSync("npx", ["tsx", "scripts/jobs-due.ts", "--at", moment.toISOString()], { env: { ...process.env, DATABASE_PATH, NODE_ENV: "production" }, encoding: "utf8" });
}

/** An online order of listing A, collected by the buyer at the world's point. */
async function collected(people: People, language: Language, w: World): Promise<number> {
  const buyer = await people.as("buyer");
  const [id] = await order(buyer, language, w, [w.listingA], "online");
  await toHub(people, language, "sellerA", "coordinatorA", id!, true);
  const hub = await people.as("coordinatorA");
  await press(orderCard(hub, language, id!), language, "arrive");
  await handOver(people, language, w, id!);
  return id!;
}

/** The buyer opens the file from the order page: a reason, words, and (optionally) a photo and the bypass. */
async function openFile(people: People, language: Language, id: number, options: { photo?: boolean; bypass?: boolean } = {}) {
  const buyer = await people.as("buyer");
  await buyer.goto(`/orders/${id}`);
  await buyer.getByRole("link", { name: d(language, "link.open") }).click();
  await expect(buyer).toHaveURL(new RegExp(`/orders/${id}/dispute$`));
  await buyer.getByLabel(d(language, "form.reason")).selectOption("damaged");
  await buyer.getByLabel(d(language, "form.buyerText")).fill("Бір аяғы сынған, орындық қисайып тұр");
  if (options.photo) await buyer.getByLabel(d(language, "form.photos", { max: 3 })).setInputFiles({ name: "IMG_0601.jpg", mimeType: "image/jpeg", buffer: await photo() });
  if (options.bypass) await buyer.getByLabel(d(language, "form.bypass")).check();
  await fitsThePhone(buyer);
  await buyer.getByRole("button", { name: d(language, "form.openSubmit") }).click();
  await expect(buyer.getByText(d(language, "done.open"))).toBeVisible();
  await expect(buyer.locator(".buyer-text")).toHaveText("Бір аяғы сынған, орындық қисайып тұр");
  return buyer;
}

async function answer(people: People, language: Language, id: number) {
  const seller = await people.as("sellerA");
  await seller.goto(`/orders/${id}/dispute`);
  await seller.getByLabel(d(language, "form.sellerText")).fill("Орындық бүтін күйінде тапсырылды");
  await seller.getByRole("button", { name: d(language, "form.answerSubmit") }).click();
  await expect(seller.getByText(d(language, "done.answer"))).toBeVisible();
  return seller;
}

async function decide(page: Awaited<ReturnType<People["as"]>>, language: Language, outcome: string, reason: string, refund?: string) {
  await page.getByRole("radio", { name: d(language, `outcome.${outcome}`) }).check();
  if (refund) await page.getByLabel(d(language, "form.refund")).fill(refund);
  await page.getByLabel(d(language, "form.decisionReason")).fill(reason);
  await fitsThePhone(page);
}

test("the dispute ladder: evidence with a photo, the seller's reply, a partial refund, the seller's appeal, the reviewer's full refund", async ({ browser, locale, language }) => {
  const w = world(language, 23);
  const people = new People(browser, locale, { ...w.tokens, admin: adminToken(language, 23) } as World["tokens"]);
  const id = await collected(people, language, w);
  const buyer = await openFile(people, language, id, { photo: true });
  await expect(buyer.locator(".review-photos img")).toHaveCount(1);
  await expect(buyer.locator(".dispute-deadline")).toBeVisible();

  await answer(people, language, id);

  const hub = await people.as("coordinatorA");
  await hub.goto(`/orders/${id}/dispute`);
  // The coordinator reads the whole file: the buyer's photo and the seller's words.
  await expect(hub.locator(".review-photos img")).toHaveCount(1);
  await expect(hub.locator(".seller-text")).toHaveText("Орындық бүтін күйінде тапсырылды");
  // All that is held is not a partial refund: refused (400) with the typed amount kept.
  await decide(hub, language, "partial", "Аяғын жөндеуге 5 000 ₸", "25000");
  await hub.getByRole("button", { name: d(language, "form.decideSubmit") }).click();
  await expect(hub.getByText(d(language, "errors.dispute.refund_invalid"))).toBeVisible();
  await expect(hub.getByLabel(d(language, "form.refund"))).toHaveValue("25000");
  await decide(hub, language, "partial", "Аяғын жөндеуге 5 000 ₸", "5000");
  await hub.getByRole("button", { name: d(language, "form.decideSubmit") }).click();
  await expect(hub.getByText(d(language, "done.decide"))).toBeVisible();
  // Nothing moved yet: the decision waits for the appeal window.
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.disputed")).first()).toBeVisible();
  await expect(buyer.locator(".refunded")).toHaveCount(0);

  const seller = await people.as("sellerA");
  await seller.goto(`/orders/${id}/dispute`);
  await seller.getByLabel(d(language, "form.appealText")).fill("Сынық жолда болған, мен бүтін бердім");
  await seller.getByRole("button", { name: d(language, "form.appealSubmit") }).click();
  await expect(seller.getByText(d(language, "done.appeal"))).toBeVisible();
  // Once: the buyer has no appeal left to make.
  await buyer.goto(`/orders/${id}/dispute`);
  await expect(buyer.getByRole("button", { name: d(language, "form.appealSubmit") })).toHaveCount(0);

  // The neutral reviewer finds it in the queue of every village's disputes and decides finally.
  const admin = await people.as("admin" as keyof World["tokens"]);
  await admin.goto("/admin/disputes?step=review");
  await fitsThePhone(admin);
  await admin.getByRole("link", { name: d(language, "queue.orderLink", { id }) }).click();
  await expect(admin.locator(".decision-outcome")).toContainText(d(language, "outcome.partial"));
  await decide(admin, language, "refund", "Фотода сынық анық көрінеді");
  await admin.getByRole("button", { name: d(language, "form.reviewSubmit") }).click();
  await expect(admin.getByText(d(language, "done.review"))).toBeVisible();
  await expect(admin.locator(".final-outcome")).toContainText(d(language, "outcome.refund"));

  // The money as decided: the buyer gets all 25 000 ₸ back, the seller's statement shows nothing released, the audit is clean.
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.refunded")).first()).toBeVisible();
  await expect(buyer.locator(".refunded")).toHaveText(looseSpaces(formatMoney(2_500_000, language)));
  await seller.goto("/seller/money");
  const row = seller.getByRole("row").filter({ hasText: localeText(language, "money", "seller.orderNumber").replace("{{id}}", String(id)) });
  // The seller's statement: nothing released to them, the whole sale refunded (cells found by their column's heading).
  const headings = await seller.locator("thead").first().locator("th").allTextContents();
  const cell = (key: string) => row.locator("td").nth(headings.indexOf(localeText(language, "money", key)) - 1);
  await expect(cell("seller.column.releasedNet")).toHaveText(looseSpaces(formatMoney(0, language)));
  await expect(cell("seller.column.refunded")).toHaveText(looseSpaces(formatMoney(2_500_000, language)));
  await admin.goto("/admin/money");
  await expect(admin.getByText(localeText(language, "money", "admin.health.balanced"))).toBeVisible();
  await people.close();
});

test("a conflicted coordinator passed by at the buyer's request: the neutral reviewer decides, not the seller's cooperative", async ({ browser, locale, language }) => {
  const w = world(language, 24);
  const people = new People(browser, locale, { ...w.tokens, admin: adminToken(language, 24) } as World["tokens"]);
  const id = await collected(people, language, w);
  await openFile(people, language, id, { bypass: true });
  await answer(people, language, id);
  const hub = await people.as("coordinatorA");
  await hub.goto(`/orders/${id}/dispute`);
  await expect(hub.locator(".badge.dispute-review")).toHaveText(d(language, "step.review"));
  await expect(hub.getByRole("button", { name: d(language, "form.decideSubmit") })).toHaveCount(0);
  const admin = await people.as("admin" as keyof World["tokens"]);
  await admin.goto(`/orders/${id}/dispute`);
  await decide(admin, language, "release", "Тауар сипаттамаға сай");
  await admin.getByRole("button", { name: d(language, "form.reviewSubmit") }).click();
  await expect(admin.getByText(d(language, "done.review"))).toBeVisible();
  const buyer = await people.as("buyer");
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.completed")).first()).toBeVisible();
  await people.close();
});

test("a seller who misses the 3-day answer: the file goes to the coordinator without their side", async ({ browser, locale, language }) => {
  const w = world(language, 25);
  const people = new People(browser, locale, w.tokens);
  const id = await collected(people, language, w);
  await openFile(people, language, id);
  // Three days pass for this order alone: its answer deadline is moved into the past and the job runs
  // now. Running the job 3 days ahead would also end other tests' orders on the shared database.
  const db = new Database(DATABASE_PATH, { fileMustExist: true, timeout: 10_000 });
  const moved = db.prepare("UPDATE orders SET deadline_at = ? WHERE id = ? AND deadline_kind = 'dispute_answer'").run(Date.now() - 60_000, id);
  db.close();
  expect(moved.changes, "the file waits for the seller's answer").toBe(1);
  jobsAt(new Date());
  const hub = await people.as("coordinatorA");
  await hub.goto(`/orders/${id}/dispute`);
  await expect(hub.locator(".badge.dispute-decide")).toHaveText(d(language, "step.decide"));
  await expect(hub.locator(".seller-text")).toHaveCount(0);
  await expect(hub.getByRole("button", { name: d(language, "form.decideSubmit") })).toBeVisible();
  const seller = await people.as("sellerA");
  await seller.goto(`/orders/${id}/dispute`);
  await expect(seller.getByRole("button", { name: d(language, "form.answerSubmit") })).toHaveCount(0);
  await people.close();
});
