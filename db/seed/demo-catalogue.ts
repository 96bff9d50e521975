/**
 * The demo's one catalogue, in Kazakh, Russian and English: what the demo villages make and what it
 * sells for, each trade's seasons, story and crafts, the names its people go by, and the repeatable
 * random source the generators draw with. Used by the demo shops (demo-shops.ts), the demo history
 * (demo-history.ts) and the bench's generated country (scripts/db-demo.ts). Prices are in tiyn.
 */
import type { LISTING_UNITS, WEIGHT_CLASSES } from "../../app/domain/catalog/vocabulary";
import type { Language } from "../../app/i18n/config";

export type Trilingual = Record<Language, string>;
export type Unit = (typeof LISTING_UNITS)[number];
export type WeightClass = (typeof WEIGHT_CLASSES)[number];
/** The lowest and the highest price asked, in tiyn. */
export type PriceRange = readonly [number, number];

const text = (kk: string, ru: string, en: string): Trilingual => ({ kk, ru, en });
/** Whole tenge, as the goods are priced below, to tiyn. */
const tenge = (min: number, max: number): PriceRange => [min * 100, max * 100];

// ---------------------------------------------------------------------------
// A small repeatable random source (mulberry32), and the draws made with it.

export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number from min up to max. */
export const between = (random: () => number, min: number, max: number) => min + random() * (max - min);
/** A whole number from min to max, both included. */
export const whole = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** The price people set, in whole tenge: rounded to 500 ₸ above 10 000 ₸, to 50 ₸ below (50 ₸ at the least). */
export function askingPrice(tenge: number): number {
  return tenge > 10_000 ? Math.round(tenge / 500) * 500 : Math.max(50, Math.round(tenge / 50) * 50);
}

// ---------------------------------------------------------------------------
// The trades: the village specialties of db/seed/geo-data.ts.

export const LINES = ["furniture", "felt_carpets", "honey", "dried_fruit", "dairy"] as const;
export type Line = (typeof LINES)[number];

export interface Trade {
  /**
   * How much each calendar month sells against an average month (January
   * first). Honey is harvested in late summer and sells from August to
   * October; felt, carpets and furniture before winter and for the autumn
   * weddings (September to November); dried fruit through autumn and winter;
   * dairy when the herds are on spring and summer pasture.
   */
  season: readonly number[];
  /** A village's story, `{name}` standing for the village's name. */
  story: Trilingual;
  /** In Kazakh: what a shop of the trade is, and what its makers say they do. */
  crafts: readonly [string, string];
}

export const TRADES: Record<Line, Trade> = {
  furniture: {
    season: [0.6, 0.6, 0.8, 0.9, 0.9, 0.8, 0.7, 0.9, 1.3, 1.6, 1.5, 1.0],
    story: text(
      "{name} ауылының ағаш шеберлері үстел, орындық және сандықты қолмен жасайды. Қайың мен қарағайды өз орманымыздан аламыз.",
      "Мастера села {name} делают столы, стулья и сундуки вручную. Берёзу и сосну берём в своём лесу.",
      "The woodworkers of {name} make tables, chairs and chests by hand, from birch and pine of the village's own forest.",
    ),
    crafts: ["Ағаш шеберханасы", "жиһаз жасаймыз"],
  },
  felt_carpets: {
    season: [0.7, 0.6, 0.7, 0.8, 0.8, 0.7, 0.7, 0.8, 1.2, 1.6, 1.7, 1.3],
    story: text(
      "{name} әйелдері киіз басып, сырмақ пен текемет тігеді. Ою-өрнекті әжелерімізден үйрендік.",
      "Женщины села {name} валяют войлок и шьют сырмаки и текеметы. Орнаменты мы переняли у бабушек.",
      "The women of {name} press felt and sew shyrdaks and tekemets, with patterns learned from their grandmothers.",
    ),
    crafts: ["Киіз үйі", "киіз басамыз, кілем тоқимыз"],
  },
  honey: {
    season: [0.6, 0.5, 0.5, 0.4, 0.4, 0.5, 0.8, 1.6, 2.0, 1.6, 1.1, 0.9],
    story: text(
      "{name} — тау бөктеріндегі омарталы ауыл. Бал жабайы гүлдерден жиналады, әр маусымның дәмі бөлек.",
      "{name} — село пасек в предгорьях. Мёд собран с диких трав, у каждого сезона свой вкус.",
      "{name} is a village of apiaries in the foothills. The honey comes from wild flowers; every season tastes different.",
    ),
    crafts: ["Омарта", "бал жинаймыз"],
  },
  dried_fruit: {
    season: [1.2, 1.0, 0.7, 0.5, 0.4, 0.4, 0.5, 0.8, 1.3, 1.6, 1.6, 1.4],
    story: text(
      "{name} бақтарында алма мен өрік өседі. Жемісті күнге кептіреміз, қант қоспаймыз.",
      "В садах села {name} растут яблоки и абрикосы. Сушим фрукты на солнце, без сахара.",
      "Apples and apricots grow in the orchards of {name}. We dry the fruit in the sun, with no sugar added.",
    ),
    crafts: ["Бақ", "жеміс кептіреміз"],
  },
  dairy: {
    season: [0.4, 0.5, 0.8, 1.3, 1.7, 1.8, 1.7, 1.3, 0.9, 0.6, 0.4, 0.4],
    story: text(
      "{name} ауылында құрт, ірімшік және қымыз жасалады. Мал жайылымда жайылады.",
      "В селе {name} делают курт, сыр и кумыс. Скот пасётся на вольных пастбищах.",
      "{name} makes kurt, cheese and kumys from herds that graze on open pasture.",
    ),
    crafts: ["Сүт фермасы", "құрт пен май жасаймыз"],
  },
};

/** A village's specialty (geo-data.ts) as its trade; furniture for none or any other. */
export function lineOfSpecialty(specialty: string | null): Line {
  return specialty === "felt_carpets" || specialty === "honey" || specialty === "dried_fruit" || specialty === "dairy" ? specialty : "furniture";
}

// ---------------------------------------------------------------------------
// People

const FIRST_NAMES = ["Айгүл", "Ерлан", "Нұрлан", "Гүлнар", "Асқар", "Жанар", "Бауыржан", "Сәуле", "Дәурен", "Меруерт", "Серік", "Әлия", "Қайрат", "Динара", "Мұрат", "Жұлдыз", "Талғат", "Ақмарал", "Ержан", "Салтанат"];
const SURNAMES = ["Ахметов", "Сейітқали", "Омаров", "Жұмабаев", "Қасымов", "Нұрланұлы", "Бекова", "Төлеген", "Әбенов", "Серікқызы", "Исаев", "Мұхамеджан"];

/** A made-up person's name: a first name, then a surname. */
export function personName(random: () => number): string {
  return `${pick(random, FIRST_NAMES)} ${pick(random, SURNAMES)}`;
}

// ---------------------------------------------------------------------------
// The country's goods: what any village may list, per category.

export interface Goods {
  /** The category's slug (categories-data.ts). */
  category: string;
  title: Trilingual;
  priceTiyn: PriceRange;
  unit: Unit;
  weightClass: WeightClass;
  /** Made to order, in this many days; absent for goods in stock. */
  leadDays?: number;
}

export interface GoodsCategory {
  category: string;
  /** Every listing of the category is sold by this unit and weighs this much. */
  unit: Unit;
  weightClass: WeightClass;
  /** The share of its listings that are made to order. */
  madeToOrderShare: number;
  /** Its titles name the wood (MATERIALS): "Ағаш орындық, емен". */
  namesWood: boolean;
  /** A description opens with one of these. */
  details: readonly Trilingual[];
  goods: readonly { title: Trilingual; priceTiyn: PriceRange }[];
}

export const GOODS_CATEGORIES: readonly GoodsCategory[] = [
  {
    category: "tables-chairs", unit: "piece", weightClass: "15to50kg", madeToOrderShare: 0.5, namesWood: true,
    details: [text("Қолмен жасалған, лакпен жабылған.", "Ручная работа, покрыт лаком.", "Handmade, lacquered.")],
    goods: [
      { title: text("Ағаш орындық", "Деревянный стул", "Wooden chair"), priceTiyn: tenge(12_000, 45_000) },
      { title: text("Ас үй үстелі", "Кухонный стол", "Kitchen table"), priceTiyn: tenge(40_000, 160_000) },
      { title: text("Балалар орындығы", "Детский стульчик", "Child's chair"), priceTiyn: tenge(8_000, 25_000) },
      { title: text("Жиналмалы үстел", "Складной столик", "Folding table"), priceTiyn: tenge(20_000, 70_000) },
      { title: text("Ұзын орындық", "Скамья", "Bench"), priceTiyn: tenge(15_000, 60_000) },
    ],
  },
  {
    category: "traditional-furniture", unit: "piece", weightClass: "over50kg", madeToOrderShare: 0.8, namesWood: true,
    details: [text("Ұлттық ою-өрнекпен безендірілген.", "Украшен национальным орнаментом.", "Decorated with Kazakh ornament.")],
    goods: [
      { title: text("Ою-өрнекті сандық", "Сундук с орнаментом", "Ornamented chest"), priceTiyn: tenge(60_000, 250_000) },
      { title: text("Дастарқан үстелі", "Стол для дастархана", "Low dastarkhan table"), priceTiyn: tenge(35_000, 120_000) },
      { title: text("Кебеже", "Кебеже, сундук для продуктов", "Kebezhe food chest"), priceTiyn: tenge(50_000, 180_000) },
    ],
  },
  {
    category: "beds-wardrobes", unit: "piece", weightClass: "over50kg", madeToOrderShare: 0.7, namesWood: false,
    details: [text("Өлшемін тапсырыспен өзгертуге болады.", "Размер можно изменить под заказ.", "Size can be changed to order.")],
    goods: [
      { title: text("Ағаш төсек", "Деревянная кровать", "Wooden bed"), priceTiyn: tenge(90_000, 300_000) },
      { title: text("Киім шкафы", "Платяной шкаф", "Wardrobe"), priceTiyn: tenge(120_000, 350_000) },
    ],
  },
  {
    category: "felt", unit: "piece", weightClass: "upTo15kg", madeToOrderShare: 0.2, namesWood: false,
    details: [text("Таза қой жүнінен басылған.", "Свалян из чистой овечьей шерсти.", "Pressed from pure sheep's wool.")],
    goods: [
      { title: text("Киіз үй жабуы", "Войлочное покрытие для юрты", "Felt yurt cover"), priceTiyn: tenge(80_000, 400_000) },
      { title: text("Киіз байпақ", "Валяные тапочки", "Felt slippers"), priceTiyn: tenge(4_000, 12_000) },
      { title: text("Сырмақ", "Сырмак", "Syrmak felt rug"), priceTiyn: tenge(45_000, 220_000) },
    ],
  },
  {
    category: "carpets", unit: "m2", weightClass: "15to50kg", madeToOrderShare: 0.3, namesWood: false,
    details: [text("Табиғи бояулармен боялған.", "Окрашен натуральными красителями.", "Coloured with natural dyes.")],
    goods: [
      { title: text("Тоқыма кілем", "Тканый ковёр", "Woven carpet"), priceTiyn: tenge(25_000, 90_000) },
      { title: text("Текемет", "Текемет", "Tekemet felt carpet"), priceTiyn: tenge(20_000, 70_000) },
    ],
  },
  {
    category: "honey", unit: "kg", weightClass: "upTo15kg", madeToOrderShare: 0, namesWood: false,
    details: [text("Биылғы жинау, шыны банкада.", "Урожай этого года, в стеклянной банке.", "This year's harvest, in a glass jar.")],
    goods: [
      { title: text("Таулы бал", "Горный мёд", "Mountain honey"), priceTiyn: tenge(4_000, 9_000) },
      { title: text("Қарақұмық балы", "Гречишный мёд", "Buckwheat honey"), priceTiyn: tenge(3_500, 7_000) },
      { title: text("Шөп балы", "Мёд разнотравье", "Wildflower honey"), priceTiyn: tenge(3_000, 6_500) },
    ],
  },
  {
    category: "dairy", unit: "kg", weightClass: "upTo15kg", madeToOrderShare: 0, namesWood: false,
    details: [text("Үйде жасалған, консервантсыз.", "Домашнее, без консервантов.", "Homemade, no preservatives.")],
    goods: [
      { title: text("Ақ құрт", "Курт белый", "White kurt"), priceTiyn: tenge(3_000, 6_000) },
      { title: text("Ірімшік", "Домашний сыр иримшик", "Irimshik cottage cheese"), priceTiyn: tenge(2_500, 5_000) },
      { title: text("Сары май", "Сливочное масло", "Farm butter"), priceTiyn: tenge(4_000, 7_000) },
    ],
  },
  {
    category: "dried-fruit", unit: "kg", weightClass: "upTo15kg", madeToOrderShare: 0, namesWood: false,
    details: [text("Күнге кептірілген, қантсыз.", "Высушено на солнце, без сахара.", "Sun-dried, no sugar.")],
    goods: [
      { title: text("Кептірілген алма", "Сушёные яблоки", "Dried apples"), priceTiyn: tenge(2_000, 4_500) },
      { title: text("Өрік қақ", "Курага", "Dried apricots"), priceTiyn: tenge(3_000, 6_000) },
    ],
  },
  {
    category: "woodwork", unit: "piece", weightClass: "upTo15kg", madeToOrderShare: 0.3, namesWood: true,
    details: [text("Бір ағаштан ойылған.", "Вырезано из цельного дерева.", "Carved from one piece of wood.")],
    goods: [
      { title: text("Ағаш тостаған", "Деревянная пиала", "Wooden bowl"), priceTiyn: tenge(3_000, 12_000) },
      { title: text("Ағаш қасық жиынтығы", "Набор деревянных ложек", "Set of wooden spoons"), priceTiyn: tenge(2_500, 8_000) },
      { title: text("Домбыра тұғыры", "Подставка для домбры", "Dombra stand"), priceTiyn: tenge(6_000, 20_000) },
    ],
  },
  {
    category: "leather", unit: "piece", weightClass: "upTo15kg", madeToOrderShare: 0.4, namesWood: false,
    details: [text("Табиғи былғары, қолмен тігілген.", "Натуральная кожа, ручная строчка.", "Natural leather, hand-stitched.")],
    goods: [
      { title: text("Былғары белбеу", "Кожаный ремень", "Leather belt"), priceTiyn: tenge(6_000, 18_000) },
      { title: text("Былғары қамшы", "Кожаная камча", "Leather whip (kamshy)"), priceTiyn: tenge(8_000, 30_000) },
    ],
  },
  {
    category: "animal-feed", unit: "kg", weightClass: "over50kg", madeToOrderShare: 0, namesWood: false,
    details: [text("Биылғы шөп, тюкпен.", "Сено этого года, в тюках.", "This year's crop, in bales.")],
    goods: [
      { title: text("Жоңышқа шөбі", "Сено люцерны", "Alfalfa hay"), priceTiyn: tenge(80, 200) },
      { title: text("Арпа", "Ячмень", "Barley"), priceTiyn: tenge(90, 180) },
    ],
  },
];

/** The woods a wooden listing's title may name. */
export const MATERIALS: readonly Trilingual[] = [
  text("қайың", "берёза", "birch"),
  text("қарағай", "сосна", "pine"),
  text("емен", "дуб", "oak"),
  text("жаңғақ ағашы", "орех", "walnut"),
];

/** A generated description's last sentence. In Kazakh a shop says it in the first person ("we deliver"). */
export const DELIVERY = {
  kk: "Кооперативтің беру пункті арқылы жеткізіледі.",
  kkFirstPerson: "Кооперативтің беру пункті арқылы жеткіземіз.",
  ru: "Доставка через пункт выдачи кооператива.",
  en: "Delivered through the cooperative's pickup point.",
} as const;

/** The country's goods of that Kazakh title, as a village lists them: its own price, weight, lead time or unit where they differ. */
function country(kk: string, changes: Partial<Goods> = {}): Goods {
  for (const c of GOODS_CATEGORIES) {
    const found = c.goods.find((g) => g.title.kk === kk);
    if (found) return { category: c.category, title: found.title, priceTiyn: found.priceTiyn, unit: c.unit, weightClass: c.weightClass, ...changes };
  }
  throw new Error(`demo catalogue: no goods "${kk}"`);
}

// ---------------------------------------------------------------------------
// The demo villages' goods: what the demo history's workshops list (two each), and how many a buyer takes.

export type VillageGoods = Goods & { quantity: readonly [number, number] };

export const VILLAGE_GOODS = {
  besagash: [
    { category: "tables-chairs", title: text("Қайың орындық", "Стул из берёзы", "Birch chair"), priceTiyn: tenge(18_000, 35_000), unit: "piece", weightClass: "upTo15kg", quantity: [2, 6] },
    { category: "tables-chairs", title: text("Ас үстелі", "Обеденный стол", "Dining table"), priceTiyn: tenge(70_000, 180_000), unit: "piece", weightClass: "15to50kg", leadDays: 14, quantity: [1, 1] },
    { ...country("Ою-өрнекті сандық", { priceTiyn: tenge(80_000, 220_000), weightClass: "15to50kg", leadDays: 21 }), quantity: [1, 1] },
    { ...country("Дастарқан үстелі", { priceTiyn: tenge(30_000, 70_000), weightClass: "15to50kg" }), quantity: [1, 2] },
    { ...country("Ағаш төсек", { priceTiyn: tenge(120_000, 280_000), leadDays: 21 }), quantity: [1, 1] },
    { ...country("Киім шкафы", { priceTiyn: tenge(150_000, 320_000), leadDays: 28 }), quantity: [1, 1] },
    { category: "woodwork", title: text("Ағаш тостағандар", "Набор деревянных пиал", "Set of wooden bowls"), priceTiyn: tenge(6_000, 15_000), unit: "set", weightClass: "upTo15kg", quantity: [1, 3] },
  ],
  karabulak: [
    { ...country("Сырмақ", { priceTiyn: tenge(90_000, 220_000) }), quantity: [1, 1] },
    { ...country("Киіз байпақ", { priceTiyn: tenge(5_000, 8_000) }), quantity: [1, 4] },
    { category: "felt", title: text("Текемет", "Текемет", "Tekemet felt rug"), priceTiyn: tenge(70_000, 150_000), unit: "piece", weightClass: "upTo15kg", quantity: [1, 1] },
    { ...country("Тоқыма кілем", { priceTiyn: tenge(100_000, 250_000), unit: "piece" }), quantity: [1, 1] },
    { category: "carpets", title: text("Алаша", "Алаша", "Alasha woven rug"), priceTiyn: tenge(80_000, 160_000), unit: "piece", weightClass: "15to50kg", quantity: [1, 1] },
    { category: "textiles", title: text("Тұскиіз", "Тускииз", "Tuskiiz wall hanging"), priceTiyn: tenge(100_000, 180_000), unit: "piece", weightClass: "upTo15kg", leadDays: 30, quantity: [1, 1] },
  ],
  "ulken-naryn": [
    { ...country("Таулы бал", { priceTiyn: tenge(4_000, 7_000) }), quantity: [1, 5] },
    { ...country("Қарақұмық балы", { priceTiyn: tenge(3_500, 6_000) }), quantity: [1, 5] },
  ],
  turgen: [
    { ...country("Өрік қақ"), quantity: [1, 5] },
    { ...country("Кептірілген алма"), quantity: [1, 5] },
  ],
  katarkol: [
    { ...country("Ақ құрт"), quantity: [1, 4] },
    { ...country("Сары май"), quantity: [1, 3] },
  ],
  shyngystai: [{ ...country("Шөп балы"), quantity: [1, 4] }],
} satisfies Record<string, readonly VillageGoods[]>;

// ---------------------------------------------------------------------------
// The demo shops' own listings (demo-shops.ts), as their sellers wrote them: the seller's
// language first, then the translations they added (a few have none, so a reader sees the
// "original language" mark). One seller writes in Russian.

export interface ShopListing {
  category: string;
  texts: Partial<Record<Language, { title: string; description: string }>>;
  priceTiyn: number;
  unit: Unit;
  weightClass: WeightClass;
  /** Made to order, in this many days. */
  leadDays?: number;
}

export const DEMO_SHOP_LISTINGS = {
  birchChair: {
    category: "tables-chairs",
    texts: {
      kk: {
        title: "Қайың орындық, қолдан жасалған",
        description: "Қайың ағашынан жасалған берік орындық. Арқалығы иілген, отыруға ыңғайлы. Табиғи маймен өңделген, лак иісі жоқ. Биіктігі 92 см, отырғышы 45 см.",
      },
      ru: {
        title: "Стул из берёзы ручной работы",
        description: "Прочный стул из массива берёзы с изогнутой спинкой. Покрыт натуральным маслом, без запаха лака. Высота 92 см, сиденье 45 см.",
      },
      en: {
        title: "Handmade birch chair",
        description: "A sturdy solid birch chair with a curved back. Finished with natural oil, no lacquer smell. Height 92 cm, seat 45 cm.",
      },
    },
    priceTiyn: 2_500_000,
    unit: "piece",
    weightClass: "upTo15kg",
  },
  oakDiningTable: {
    category: "tables-chairs",
    texts: {
      kk: {
        title: "Емен ас үстелі, алты адамға",
        description: "Емен ағашынан жасалған ас үстелі, алты адамға арналған. Өлшемі 160×90 см. Тапсырыс бойынша жасаймыз: өлшемі мен түсін бірге таңдаймыз. Дайын болған соң ауыл хабына өзім апарамын.",
      },
      ru: {
        title: "Обеденный стол из дуба на шесть человек",
        description: "Стол из массива дуба на шесть человек, 160×90 см. Делаем на заказ: размер и цвет согласуем. Готовый стол сам привезу в сельский хаб.",
      },
      en: {
        title: "Oak dining table for six",
        description: "A solid oak dining table for six, 160×90 cm. Made to order: we agree on size and colour together. I bring the finished table to the village hub myself.",
      },
    },
    priceTiyn: 12_000_000,
    unit: "piece",
    weightClass: "15to50kg",
    leadDays: 14,
  },
  dastarkhanTable: {
    category: "traditional-furniture",
    texts: {
      kk: {
        title: "Дөңгелек аласа үстел, дастарқанға",
        description: "Дастарқан жаюға арналған аласа дөңгелек үстел. Диаметрі 100 см, биіктігі 30 см. Аяқтары бүктеледі: қонақ келгенде шығарып, кейін жинап қоюға ыңғайлы.",
      },
      ru: {
        title: "Низкий круглый стол для дастархана",
        description: "Низкий круглый стол, диаметр 100 см, высота 30 см. Ножки складываются: удобно доставать к приходу гостей и убирать.",
      },
    },
    priceTiyn: 3_800_000,
    unit: "piece",
    weightClass: "15to50kg",
  },
  kebezhe: {
    category: "traditional-furniture",
    texts: {
      kk: {
        title: "Ою-өрнекті кебеже",
        description: "Ұлттық үлгідегі ағаш сандық: қақпағы мен жан-жағы ою-өрнекпен безендірілген. Ұзындығы 90 см. Төсек-орын, киім немесе сый-сияпат сақтауға болады. Қолмен ойылған, әр кебеже өзінше.",
      },
      ru: {
        title: "Кебеже — сундук с казахским орнаментом",
        description: "Деревянный сундук в национальном стиле, крышка и стенки украшены резным орнаментом. Длина 90 см. Для постельного белья, одежды, подарков. Резьба ручная, каждый сундук неповторим.",
      },
      en: {
        title: "Kebezhe, a carved Kazakh chest",
        description: "A wooden chest in the traditional style, its lid and sides carved with Kazakh ornament. 90 cm long. For bedding, clothes or gifts. Carved by hand, no two alike.",
      },
    },
    priceTiyn: 9_500_000,
    unit: "piece",
    weightClass: "15to50kg",
  },
  wardrobe: {
    category: "beds-wardrobes",
    texts: {
      kk: {
        title: "Үш есікті киім шкафы, тапсырыспен",
        description: "Қарағай ағашынан жасалған үш есікті киім шкафы: биіктігі 210 см, ені 150 см. Ішіндегі сөрелерді өзіңіз қалағандай етіп жасаймыз. Жасауға үш апта кетеді.",
      },
      ru: {
        title: "Трёхдверный платяной шкаф на заказ",
        description: "Платяной шкаф из сосны: высота 210 см, ширина 150 см. Полки внутри сделаем как вам удобно. Изготовление — три недели.",
      },
    },
    priceTiyn: 16_000_000,
    unit: "piece",
    weightClass: "over50kg",
    leadDays: 21,
  },
  dombra: {
    category: "instruments",
    texts: {
      kk: {
        title: "Домбыра, шанағы қарағаштан",
        description: "Шанағы қарағаштан, қақпағы шыршадан жасалған домбыра. Дыбысы ашық әрі жұмсақ. Қабымен бірге беріледі. Балаларға арналған кішірек өлшемін де жасаймын.",
      },
      ru: {
        title: "Домбра с корпусом из карагача",
        description: "Корпус из карагача, дека из ели. Звук чистый и мягкий. Продаётся с чехлом. Делаю и детский размер.",
      },
      en: {
        title: "Dombra with an elm body",
        description: "Body of elm, soundboard of spruce: a clear, soft voice. Comes with a case. I also make a smaller size for children.",
      },
    },
    priceTiyn: 6_500_000,
    unit: "piece",
    weightClass: "upTo15kg",
  },
  ladleAndSpoons: {
    category: "woodwork",
    texts: {
      kk: {
        title: "Ағаш ожау мен қасықтар жиынтығы",
        description: "Қайыңнан ойылған бір ожау мен алты қасық. Тамаққа қауіпсіз зығыр майымен өңделген. Сыйлыққа да жарасады.",
      },
    },
    priceTiyn: 1_200_000,
    unit: "set",
    weightClass: "upTo15kg",
  },
  syrmak: {
    category: "carpets",
    texts: {
      kk: {
        title: "Қошқар мүйіз өрнекті сырмақ, 2×3 м",
        description: "Қой жүнінен басылған сырмақ, қошқар мүйіз өрнегімен сырылған. Өлшемі 2×3 метр. Жүні ауылдың өз қойларынан, бояуы табиғи. Біреуін жасауға екі ай кетеді.",
      },
      ru: {
        title: "Сырмак с орнаментом «кошкар муйиз», 2×3 м",
        description: "Войлочный ковёр из овечьей шерсти, простёганный орнаментом «бараньи рога». Размер 2×3 м. Шерсть от овец нашего села, краски натуральные. Один ковёр — два месяца работы.",
      },
      en: {
        title: "Syrmak felt rug with the ram's horn pattern, 2×3 m",
        description: "A felt rug of sheep's wool, quilted with the ram's horn pattern. 2×3 m. Wool from the village's own sheep, natural dyes. Two months of work each.",
      },
    },
    priceTiyn: 18_000_000,
    unit: "piece",
    weightClass: "upTo15kg",
  },
  tekemet: {
    category: "felt",
    texts: {
      kk: {
        title: "Текемет, 1,5×2 м",
        description: "Жүннен басылған жұмсақ текемет: түрлі түсті жүн өрнек болып киізге тұтас басылады. Еденге төсеуге де, қабырғаға ілуге де болады.",
      },
      ru: {
        title: "Текемет, войлочный ковёр 1,5×2 м",
        description: "Мягкий войлочный ковёр: цветная шерсть вваливается узором прямо в войлок. Можно стелить на пол или повесить на стену.",
      },
      en: {
        title: "Tekemet felt rug, 1.5×2 m",
        description: "A soft felt rug with the coloured pattern felted right into it. For the floor or the wall.",
      },
    },
    priceTiyn: 9_500_000,
    unit: "piece",
    weightClass: "upTo15kg",
  },
  feltSlippers: {
    category: "felt",
    texts: {
      kk: {
        title: "Киіз байпақ, ақ жүннен",
        description: "Ақ қой жүнінен басылған жылы байпақ: қыста аяқ тоңбайды. Өлшемі 40–41.",
      },
      ru: {
        title: "Валяные тапочки из белой шерсти",
        description: "Тёплые тапочки из белой овечьей шерсти: зимой ноги не мёрзнут. Размер 40–41.",
      },
    },
    priceTiyn: 600_000,
    unit: "piece",
    weightClass: "upTo15kg",
  },
  tuskiiz: {
    category: "textiles",
    texts: {
      kk: {
        title: "Кестелі тұскиіз, тапсырыспен",
        description: "Барқытқа қолмен кестеленген тұскиіз: жас жұбайларға, жаңа үйге сый. Өлшемі 150×200 см. Түсі мен өрнегін бірге таңдаймыз; кестелеуге бір ай кетеді.",
      },
      ru: {
        title: "Тускииз — вышитый настенный ковёр, на заказ",
        description: "Настенный ковёр, вышитый вручную по бархату: подарок молодожёнам, на новоселье. 150×200 см. Цвета и узор выбираем вместе; работа занимает месяц.",
      },
      en: {
        title: "Tuskiiz embroidered wall hanging, made to order",
        description: "Embroidered by hand on velvet: a gift for newlyweds or a new home. 150×200 cm. We choose the colours and pattern together; a month of work.",
      },
    },
    priceTiyn: 14_000_000,
    unit: "piece",
    weightClass: "upTo15kg",
    leadDays: 30,
  },
  alasha: {
    category: "carpets",
    texts: {
      kk: {
        title: "Жүн алаша, 2×3 м",
        description: "Өрмекте тоқылған жүн алаша. Жолақ өрнекті, екі беті бірдей. Жуса да түсі кетпейді.",
      },
      ru: {
        title: "Алаша — тканый шерстяной ковёр, 2×3 м",
        description: "Шерстяной ковёр, сотканный на станке. Полосатый узор, двусторонний. При стирке не линяет.",
      },
      en: {
        title: "Alasha, a woven wool carpet, 2×3 m",
        description: "Woven on a loom, striped, the same on both sides. The colours stay when washed.",
      },
    },
    priceTiyn: 12_000_000,
    unit: "piece",
    weightClass: "15to50kg",
  },
  altaiHoney: {
    category: "honey",
    texts: {
      kk: {
        title: "Алтай тау балы",
        description: "Биік таудағы шалғын гүлдерінен жиналған табиғи бал. Қант қосылмаған, қыздырылмаған. Шыны банкада, бір банкасы 1 кг. Күзге қарай қоюланады — бұл табиғи балдың белгісі.",
      },
      ru: {
        title: "Алтайский горный мёд",
        description: "Натуральный мёд с высокогорного разнотравья. Без сахара, не нагревался. В стеклянной банке по 1 кг. К осени густеет — признак настоящего мёда.",
      },
      en: {
        title: "Altai mountain honey",
        description: "Natural honey from high mountain meadow flowers. No sugar added, never heated. In 1 kg glass jars. It thickens towards autumn, as real honey does.",
      },
    },
    priceTiyn: 450_000,
    unit: "kg",
    weightClass: "upTo15kg",
  },
  combHoney: {
    category: "honey",
    texts: {
      kk: {
        title: "Ұялы бал, жақтауымен",
        description: "Омартадан тікелей алынған ұялы бал, балауызымен бірге жеуге болады. Бір жақтауы шамамен 2 кг.",
      },
      ru: {
        title: "Сотовый мёд в рамке",
        description: "Мёд в сотах прямо с пасеки, воск съедобен. Одна рамка — около 2 кг.",
      },
    },
    priceTiyn: 700_000,
    unit: "kg",
    weightClass: "upTo15kg",
  },
  sweetCloverHoney: {
    category: "honey",
    texts: {
      ru: {
        title: "Донниковый мёд",
        description: "Светлый донниковый мёд с нашей пасеки у подножия гор. Нежный вкус, медленно кристаллизуется. Фасуем по 1 кг.",
      },
      kk: {
        title: "Түйежоңышқа балы",
        description: "Тау етегіндегі омартамыздан алынған ашық түсті түйежоңышқа балы. Дәмі жұмсақ, баяу қоюланады. 1 кг-нан өлшеп саламыз.",
      },
      en: {
        title: "Sweet clover honey",
        description: "Light sweet clover honey from our apiary at the foot of the mountains. Mild, slow to crystallise. Packed by the kilo.",
      },
    },
    priceTiyn: 420_000,
    unit: "kg",
    weightClass: "upTo15kg",
  },
  propolis: {
    category: "honey",
    texts: {
      ru: {
        title: "Прополис натуральный, 50 г",
        description: "Чистый прополис, собранный весной. В брикетах по 50 г.",
      },
      kk: {
        title: "Табиғи прополис, 50 г",
        description: "Көктемде жиналған таза прополис, 50 грамнан брикетпен.",
      },
    },
    priceTiyn: 250_000,
    unit: "piece",
    weightClass: "upTo15kg",
  },
  sunDriedApricots: {
    category: "dried-fruit",
    texts: {
      kk: {
        title: "Күнге кептірілген өрік",
        description: "Өз бауымыздағы өріктен, күн астында кептірілген. Күкірт пен қант қосылмаған, сондықтан түсі қоңырлау. 1 кг-нан сатамыз.",
      },
      ru: {
        title: "Урюк, сушёный на солнце",
        description: "Абрикосы из нашего сада, высушенные на солнце. Без серы и сахара, поэтому цвет темнее. Продаём по 1 кг.",
      },
      en: {
        title: "Sun-dried apricots",
        description: "Apricots from our own orchard, dried in the sun. No sulphur, no sugar, hence the darker colour. Sold by the kilo.",
      },
    },
    priceTiyn: 380_000,
    unit: "kg",
    weightClass: "upTo15kg",
  },
  driedAport: {
    category: "dried-fruit",
    texts: {
      kk: {
        title: "Кептірілген апорт алмасы",
        description: "Апорт алмасын жұқа тілімдеп, ауада кептірдік. Балаларға кәмпиттің орнына береміз.",
      },
    },
    priceTiyn: 400_000,
    unit: "kg",
    weightClass: "upTo15kg",
  },
  kurt: {
    category: "dairy",
    texts: {
      kk: {
        title: "Ақ құрт, кептірілген",
        description: "Сиыр сүтінен жасалған дәстүрлі құрт, ашық ауада кептірілген. Тұзы орташа. Ұзақ сақталады, жолға алуға ыңғайлы.",
      },
      ru: {
        title: "Курт — сушёный солёный сыр",
        description: "Традиционный курт из коровьего молока, высушенный на воздухе. Умеренно солёный, долго хранится, удобно брать в дорогу.",
      },
      en: {
        title: "Kurt, dried salted cheese balls",
        description: "Traditional kurt from cow's milk, dried in the open air. Moderately salty; keeps for months, good for the road.",
      },
    },
    priceTiyn: 600_000,
    unit: "kg",
    weightClass: "upTo15kg",
  },
  kumys: {
    category: "dairy",
    texts: {
      kk: {
        title: "Бие сүтінен қымыз, 1 литр",
        description: "Жайлаудағы биелерден сауылған таза қымыз, бір тәулік ашытылған. Пластик бөтелкеде; салқын жерде үш күн сақталады.",
      },
      ru: {
        title: "Кумыс из кобыльего молока, 1 л",
        description: "Свежий кумыс от кобылиц с летнего пастбища, суточной выдержки. В пластиковой бутылке; в прохладе хранится три дня.",
      },
      en: {
        title: "Kumys, fermented mare's milk, 1 litre",
        description: "Fresh kumys from mares on the summer pasture, fermented for a day. In a plastic bottle; keeps three days somewhere cool.",
      },
    },
    priceTiyn: 300_000,
    unit: "litre",
    weightClass: "upTo15kg",
  },
  irimshik: {
    category: "dairy",
    texts: {
      kk: {
        title: "Үй ірімшігі",
        description: "Сүтті баяу қайнатып жасалған тәтті ірімшік. Шайға өте жақсы.",
      },
    },
    priceTiyn: 500_000,
    unit: "kg",
    weightClass: "upTo15kg",
  },
} satisfies Record<string, ShopListing>;
