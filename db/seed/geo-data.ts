/**
 * Kazakhstan's 17 regions and 3 cities of republican significance, as in
 * shared/research/kazakhstan-facts.md §3.2 (ISO 3166-2 codes equal KATO's AB digits).
 */
export const REGIONS = [
  { isoCode: "KZ-10", kind: "region", kk: "Абай облысы", ru: "область Абай", en: "Abai Region", centre: ["Семей", "Семей", "Semey"] },
  { isoCode: "KZ-11", kind: "region", kk: "Ақмола облысы", ru: "Акмолинская область", en: "Akmola Region", centre: ["Көкшетау", "Кокшетау", "Kokshetau"] },
  { isoCode: "KZ-15", kind: "region", kk: "Ақтөбе облысы", ru: "Актюбинская область", en: "Aktobe Region", centre: ["Ақтөбе", "Актобе", "Aktobe"] },
  { isoCode: "KZ-19", kind: "region", kk: "Алматы облысы", ru: "Алматинская область", en: "Almaty Region", centre: ["Қонаев", "Конаев", "Qonaev"] },
  { isoCode: "KZ-23", kind: "region", kk: "Атырау облысы", ru: "Атырауская область", en: "Atyrau Region", centre: ["Атырау", "Атырау", "Atyrau"] },
  { isoCode: "KZ-27", kind: "region", kk: "Батыс Қазақстан облысы", ru: "Западно-Казахстанская область", en: "West Kazakhstan Region", centre: ["Орал", "Уральск", "Oral"] },
  { isoCode: "KZ-31", kind: "region", kk: "Жамбыл облысы", ru: "Жамбылская область", en: "Jambyl Region", centre: ["Тараз", "Тараз", "Taraz"] },
  { isoCode: "KZ-33", kind: "region", kk: "Жетісу облысы", ru: "область Жетісу", en: "Jetisu Region", centre: ["Талдықорған", "Талдыкорган", "Taldykorgan"] },
  { isoCode: "KZ-35", kind: "region", kk: "Қарағанды облысы", ru: "Карагандинская область", en: "Karaganda Region", centre: ["Қарағанды", "Караганда", "Karaganda"] },
  { isoCode: "KZ-39", kind: "region", kk: "Қостанай облысы", ru: "Костанайская область", en: "Kostanay Region", centre: ["Қостанай", "Костанай", "Kostanay"] },
  { isoCode: "KZ-43", kind: "region", kk: "Қызылорда облысы", ru: "Кызылординская область", en: "Kyzylorda Region", centre: ["Қызылорда", "Кызылорда", "Kyzylorda"] },
  { isoCode: "KZ-47", kind: "region", kk: "Маңғыстау облысы", ru: "Мангистауская область", en: "Mangystau Region", centre: ["Ақтау", "Актау", "Aktau"] },
  { isoCode: "KZ-55", kind: "region", kk: "Павлодар облысы", ru: "Павлодарская область", en: "Pavlodar Region", centre: ["Павлодар", "Павлодар", "Pavlodar"] },
  { isoCode: "KZ-59", kind: "region", kk: "Солтүстік Қазақстан облысы", ru: "Северо-Казахстанская область", en: "North Kazakhstan Region", centre: ["Петропавл", "Петропавловск", "Petropavl"] },
  { isoCode: "KZ-61", kind: "region", kk: "Түркістан облысы", ru: "Туркестанская область", en: "Turkistan Region", centre: ["Түркістан", "Туркестан", "Turkistan"] },
  { isoCode: "KZ-62", kind: "region", kk: "Ұлытау облысы", ru: "область Ұлытау", en: "Ulytau Region", centre: ["Жезқазған", "Жезказган", "Zhezkazgan"] },
  { isoCode: "KZ-63", kind: "region", kk: "Шығыс Қазақстан облысы", ru: "Восточно-Казахстанская область", en: "East Kazakhstan Region", centre: ["Өскемен", "Усть-Каменогорск", "Oskemen"] },
  { isoCode: "KZ-71", kind: "city", kk: "Астана қаласы", ru: "город Астана", en: "Astana (city)", centre: null },
  { isoCode: "KZ-75", kind: "city", kk: "Алматы қаласы", ru: "город Алматы", en: "Almaty (city)", centre: null },
  { isoCode: "KZ-79", kind: "city", kk: "Шымкент қаласы", ru: "город Шымкент", en: "Shymkent (city)", centre: null },
] as const;

/**
 * Demo villages: real settlements of the KATO classifier (db/seed/kato), each
 * named and placed in its district as the classifier has it, on the hub with
 * made-up household counts and trades, so every one is marked demo. Their
 * slugs are the addresses the demo shops, the e2e specs and the bench use.
 */
export const DEMO_VILLAGES = [
  { slug: "besagash", katoCode: "196243100", households: 2400, specialty: "furniture" },
  { slug: "turgen", katoCode: "194081100", households: 2900, specialty: "dried_fruit" },
  { slug: "karabulak", katoCode: "615253100", households: 6100, specialty: "felt_carpets" },
  { slug: "ulken-naryn", katoCode: "636330100", households: 1150, specialty: "honey" },
  { slug: "shyngystai", katoCode: "635430500", households: 420, specialty: "honey" },
  { slug: "katarkol", katoCode: "117057100", households: 640, specialty: "dairy" },
] as const;
