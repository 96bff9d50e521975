import { execFileSync } from "node:child_process";
import { expect, expectLanguage, localeText, statusConsoleError, test, type Language } from "./fixtures";
import { newPage, signInThroughOutbox } from "./support/sign-in";

/**
 * The identity journey a newcomer makes, with JavaScript off, in the
 * project's language: sign in through the development outbox, apply to sell
 * in Besagash, an admin (made with `npm run admin:grant`) appoints a
 * coordinator, the coordinator approves, the new seller sees their area.
 * Each language uses its own phones, so the three projects can run at once.
 */
test.use({ javaScriptEnabled: false });

// The e2e server's database (playwright.config.ts); a private run on another port may point elsewhere.
const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e/auyl.db";
const SUFFIX: Record<Language, string> = { kk: "1", ru: "2", en: "3" };
const BESAGASH: Record<Language, string> = { kk: "Бесағаш", ru: "Бесагаш", en: "Besagash" };

/** New numbers on every attempt, so a retry also starts from new accounts. */
function phones(language: Language, retry: number) {
  const n = SUFFIX[language];
  const r = retry % 10;
  return {
    applicant: { typed: `8 (701) 555-01-${r}${n}`, shown: `+7 701 555 01 ${r}${n}` },
    coordinator: { typed: `+7 701 555 02 ${r}${n}`, shown: `+7 701 555 02 ${r}${n}` },
    admin: { typed: `870155503${r}${n}`, shown: `+7 701 555 03 ${r}${n}` },
  };
}

const text = (language: Language, key: string) => localeText(language, "identity", key);

test("a newcomer signs in by phone, applies to sell, is approved by a coordinator the admin appointed, and sees the seller area", async ({
  page,
  browser,
  language,
  locale,
  consoleErrors,
}) => {
  // About forty page loads in three browsers and a command-line run: slower than one page check,
  // and slower still while the other projects run beside it on two cores.
  test.setTimeout(240_000);
  // The IIN typo below is answered 400 on purpose (the form comes back with its errors).
  consoleErrors.allow(statusConsoleError(400));
  const phone = phones(language, test.info().retry);
  const applicantName = `Aigerim ${language.toUpperCase()}`;

  // 1. The applicant signs in (a new account: the profile comes first) and names themselves.
  await signInThroughOutbox(page, language, phone.applicant);
  await expect(page).toHaveURL("/profile");
  await page.getByLabel(text(language, "profile.displayName")).fill(applicantName);
  await page.getByRole("button", { name: text(language, "profile.save") }).click();
  await expect(page.getByRole("status")).toHaveText(text(language, "profile.saved"));

  // 2. … and applies to sell in Besagash, with an IIN that is then shown masked.
  await page.goto("/seller/apply");
  await page.getByLabel(text(language, "apply.village")).selectOption("besagash");
  await page.getByLabel(text(language, "apply.craft")).fill("Felt carpets, syrmak");
  await page.getByLabel(text(language, "apply.taxId")).fill("9210 2935 0852");
  await page.getByRole("button", { name: text(language, "apply.submit") }).click();
  // A typo in the IIN: the form comes back with what was typed and says why.
  await expect(page.getByLabel(text(language, "apply.taxId"))).toHaveValue("9210 2935 0852");
  await expect(page.getByLabel(text(language, "apply.taxId"))).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(text(language, "identity.tax_id_checksum"))).toBeVisible();
  await page.getByLabel(text(language, "apply.taxId")).fill("921029350851");
  await page.getByRole("button", { name: text(language, "apply.submit") }).click();
  await expect(page).toHaveURL("/seller");
  await expect(page.getByRole("main")).toContainText(text(language, "application.status.pending"));
  await expect(page.getByRole("main")).toContainText("9210••••0851");
  await expect(page.getByRole("main")).not.toContainText("921029350851");

  // 3. The future coordinator signs in once, so the admin can find them.
  const coordinator = await newPage(browser, locale);
  await signInThroughOutbox(coordinator, language, phone.coordinator);

  // 4. The admin, made by the command, appoints them coordinator of Besagash.
  execFileSync("npm", ["run", "--silent", "admin:grant", "--", phone.admin.typed], { env: { ...process.env, DATABASE_PATH }, stdio: "pipe" });
  const admin = await newPage(browser, locale);
  await signInThroughOutbox(admin, language, phone.admin);
  // The command made the account before its owner chose a language: they pick theirs.
  if ((await admin.locator("html").getAttribute("lang")) !== language) {
    await admin.getByRole("button", { name: localeText(language, "common", `language.${language}`) }).click();
  }
  await expectLanguage(admin, language);
  await admin.getByRole("link", { name: localeText(language, "common", "nav.admin") }).click();
  await admin.getByLabel(text(language, "signin.phoneLabel")).fill(phone.coordinator.typed);
  await admin.getByRole("button", { name: text(language, "admin.find") }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toContainText(phone.coordinator.shown);
  await admin.getByLabel(text(language, "admin.role")).selectOption("coordinator");
  await admin.getByLabel(text(language, "admin.village")).selectOption({ label: BESAGASH[language] });
  await admin.getByRole("button", { name: text(language, "admin.grant") }).click();
  await expect(admin.getByRole("status")).toHaveText(text(language, "admin.done.granted"));
  await expect(admin.getByRole("main")).toContainText(`${text(language, "role.coordinator")} @ ${BESAGASH[language]}`);

  // 5. The coordinator sees the application with the IIN in full, and approves it.
  await coordinator.goto("/");
  await coordinator.getByRole("link", { name: localeText(language, "common", "nav.coordinator") }).click();
  await coordinator.getByRole("link", { name: BESAGASH[language] }).click();
  await expect(coordinator).toHaveURL("/coordinator/besagash");
  const application = coordinator.locator("section.panel").filter({ hasText: applicantName });
  await expect(application).toContainText("921029350851");
  await application.getByRole("button", { name: text(language, "desk.approve") }).click();
  await expect(coordinator.getByRole("status")).toHaveText(text(language, "desk.done.approved"));
  const seller = coordinator.locator(".list li").filter({ hasText: applicantName });
  await seller.getByRole("button", { name: text(language, "desk.verify") }).click();
  await expect(coordinator.getByRole("status")).toHaveText(text(language, "desk.done.verified"));

  // 6. The new seller is told by SMS in their language, and sees their seller area.
  await expect(async () => {
    await page.goto("/dev/sms");
    await expect(page.locator(".messages li").filter({ hasText: phone.applicant.shown }).first()).toContainText(
      text(language, "sms.approved").replace("{{village}}", BESAGASH[language]),
      { timeout: 1000 },
    );
  }).toPass({ timeout: 20_000 });
  await page.goto("/");
  await page.getByRole("link", { name: localeText(language, "common", "nav.seller") }).click();
  await expect(page).toHaveURL("/seller");
  await expectLanguage(page, language);
  const shop = page.locator("section.panel").filter({ hasText: applicantName });
  await expect(shop.getByRole("link", { name: BESAGASH[language] })).toBeVisible();
  await expect(shop).toContainText(text(language, "seller.verified"));
  await expect(page.getByRole("main")).toContainText(text(language, "application.status.approved"));

  await coordinator.context().close();
  await admin.context().close();
});
