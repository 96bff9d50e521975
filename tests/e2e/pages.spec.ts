import { expect, expectLanguage, localeText, looseSpaces, test, type Language } from "./fixtures";

/** Place names come from the seed (db/seed/geo-data.ts); household counts are formatted per language. */
const BESAGASH: Record<Language, { name: string; region: string; district: string; households: string }> = {
  kk: { name: "Бесағаш", region: "Алматы облысы", district: "Талғар ауданы", households: "2 400 үй шаруашылығы" },
  ru: { name: "Бесагаш", region: "Алматинская область", district: "Талгарский район", households: "2 400 хозяйств" },
  en: { name: "Besagash", region: "Almaty Region", district: "Talgar District", households: "2,400 households" },
};

/** East Kazakhstan's two demo villages lie in two districts, as the KATO classifier places them. */
const EAST_KAZAKHSTAN: Record<Language, { region: string; centre: string; districts: [string, string]; village: string; households: string }> = {
  kk: {
    region: "Шығыс Қазақстан облысы",
    centre: "Өскемен",
    districts: ["Катонқарағай ауданы", "Үлкен Нарын ауданы"],
    village: "Үлкен Нарын",
    households: "1 150 үй шаруашылығы",
  },
  ru: {
    region: "Восточно-Казахстанская область",
    centre: "Усть-Каменогорск",
    districts: ["Катон-Карагайский район", "район Үлкен Нарын"],
    village: "Улкен Нарын",
    households: "1 150 хозяйств",
  },
  en: {
    region: "East Kazakhstan Region",
    centre: "Oskemen",
    districts: ["Katonkaragay District", "Ulken Naryn District"],
    village: "Ulken Naryn",
    households: "1,150 households",
  },
};

const DEMO_VILLAGES: Record<Language, string[]> = {
  kk: ["Бесағаш", "Түрген", "Қарабұлақ", "Үлкен Нарын", "Шыңғыстай", "Қатаркөл"],
  ru: ["Бесагаш", "Тургень", "Карабулак", "Улкен Нарын", "Шынгыстай", "Катарколь"],
  en: ["Besagash", "Turgen", "Karabulak", "Ulken Naryn", "Shyngystay", "Katarkol"],
};

test("the home page shows the demo villages and every region in the reader's language", async ({ page, language }) => {
  await page.goto("/");
  await expectLanguage(page, language);
  const title = localeText(language, "geo", "home.title");
  await expect(page).toHaveTitle(`${title} · Auyl Hub`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  const main = page.getByRole("main");
  // Goods cards name their village too (other tests may have listed goods): look at village links only.
  const villageLinks = main.locator('a[href^="/villages/"]');
  for (const village of DEMO_VILLAGES[language]) {
    await expect(villageLinks.filter({ hasText: village }).first()).toHaveAttribute("href", /^\/villages\/[a-z-]+$/);
  }
  // 17 regions and 3 cities of republican significance.
  await expect(main.locator('a[href^="/regions/kz-"]')).toHaveCount(20);
  await expect(main.getByRole("link", { name: BESAGASH[language].region, exact: true })).toHaveAttribute("href", "/regions/kz-19");
  await expect(main.getByRole("link", { name: EAST_KAZAKHSTAN[language].region, exact: true })).toHaveAttribute(
    "href",
    "/regions/kz-63",
  );
});

test("a village page shows its name, region, district and households in the reader's language", async ({ page, language }) => {
  const village = BESAGASH[language];
  await page.goto("/villages/besagash");
  await expectLanguage(page, language);
  await expect(page).toHaveTitle(`${village.name} · Auyl Hub`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(village.name);

  const fact = (labelKey: string) =>
    page
      .locator("dl div")
      .filter({ has: page.locator("dt", { hasText: localeText(language, "geo", labelKey) }) })
      .locator("dd");
  await expect(fact("village.region")).toHaveText(village.region);
  await expect(fact("village.district")).toHaveText(village.district);
  await expect(fact("village.householdsLabel")).toHaveText(looseSpaces(village.households));
  await expect(fact("village.specialtyLabel")).toHaveText(localeText(language, "geo", "specialty.furniture"));

  // The district link leads to the district, which lists the village.
  await fact("village.district").getByRole("link").click();
  await expect(page).toHaveURL("/regions/kz-19/talgar");
  await expectLanguage(page, language);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(village.district);
  await expect(page.getByRole("main").getByRole("link", { name: village.name })).toContainText(looseSpaces(village.households));

  await page.getByRole("main").getByRole("link", { name: village.name }).click();
  await expect(page).toHaveURL("/villages/besagash");

  // The region link leads to the region, which lists the district.
  await fact("village.region").getByRole("link").click();
  await expect(page).toHaveURL("/regions/kz-19");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(village.region);
  await expect(page.getByRole("main").getByRole("link", { name: village.district })).toHaveAttribute("href", "/regions/kz-19/talgar");
});

test("links lead from the home page to a region, its district and a village, and back", async ({ page, language }) => {
  const place = EAST_KAZAKHSTAN[language];
  await page.goto("/");
  await page.getByRole("main").getByRole("link", { name: place.region, exact: true }).click();

  await expect(page).toHaveURL("/regions/kz-63");
  await expectLanguage(page, language);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(place.region);
  await expect(page.getByRole("main")).toContainText(place.centre);
  // Only the districts with a village on the hub are listed, not the region's every district.
  await expect(page.getByRole("main").locator('a[href^="/regions/kz-63/"]')).toHaveCount(2);
  await expect(page.getByRole("main").getByRole("link", { name: place.districts[0] })).toHaveAttribute("href", "/regions/kz-63/katonkaragay");
  await page.getByRole("main").getByRole("link", { name: place.districts[1] }).click();

  await expect(page).toHaveURL("/regions/kz-63/ulken-naryn");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(place.districts[1]);
  await page.getByRole("main").getByRole("link", { name: place.village }).click();

  await expect(page).toHaveURL("/villages/ulken-naryn");
  await expectLanguage(page, language);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(place.village);
  await expect(page.getByRole("main")).toContainText(looseSpaces(place.households));

  // The breadcrumbs lead back up.
  const crumbs = page.getByRole("navigation", { name: localeText(language, "geo", "breadcrumb") });
  await crumbs.getByRole("link", { name: place.districts[1] }).click();
  await expect(page).toHaveURL("/regions/kz-63/ulken-naryn");
  await page
    .getByRole("navigation", { name: localeText(language, "geo", "breadcrumb") })
    .getByRole("link", { name: localeText(language, "common", "nav.home") })
    .click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText(language, "geo", "home.title"));
});

test("the about page is translated and reached from the main menu", async ({ page, language }) => {
  await page.goto("/");
  await page
    .getByRole("navigation", { name: localeText(language, "common", "nav.label") })
    .getByRole("link", { name: localeText(language, "common", "nav.about") })
    .click();
  await expect(page).toHaveURL("/about");
  await expectLanguage(page, language);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(localeText(language, "geo", "about.title"));
});
