/**
 * The category tree for village goods (issue: catalog), names in kk/ru/en.
 * `slug` is stable and appears in URLs; admins may rename, not re-key.
 */
export interface CategorySeed {
  slug: string;
  kk: string;
  ru: string;
  en: string;
  children?: CategorySeed[];
}

export const CATEGORIES: CategorySeed[] = [
  {
    slug: "furniture", kk: "Жиһаз", ru: "Мебель", en: "Furniture",
    children: [
      { slug: "tables-chairs", kk: "Үстел мен орындық", ru: "Столы и стулья", en: "Tables and chairs" },
      { slug: "beds-wardrobes", kk: "Төсек пен шкаф", ru: "Кровати и шкафы", en: "Beds and wardrobes" },
      { slug: "traditional-furniture", kk: "Ұлттық жиһаз", ru: "Национальная мебель", en: "Traditional furniture" },
    ],
  },
  {
    slug: "felt-textiles", kk: "Киіз, кілем және тоқыма", ru: "Войлок, ковры и текстиль", en: "Felt, carpets and textiles",
    children: [
      { slug: "felt", kk: "Киіз бұйымдар", ru: "Изделия из войлока", en: "Felt goods" },
      { slug: "carpets", kk: "Кілемдер", ru: "Ковры", en: "Carpets" },
      { slug: "textiles", kk: "Тоқыма", ru: "Текстиль", en: "Textiles" },
    ],
  },
  {
    slug: "food", kk: "Азық-түлік", ru: "Продукты питания", en: "Food",
    children: [
      { slug: "honey", kk: "Бал", ru: "Мёд", en: "Honey" },
      { slug: "dairy", kk: "Сүт өнімдері", ru: "Молочные продукты", en: "Dairy" },
      { slug: "meat", kk: "Ет", ru: "Мясо", en: "Meat" },
      { slug: "grain", kk: "Астық және ұн", ru: "Зерно и мука", en: "Grain and flour" },
      { slug: "dried-fruit", kk: "Кептірілген жеміс", ru: "Сухофрукты", en: "Dried fruit" },
    ],
  },
  {
    slug: "crafts", kk: "Қолөнер және кәдесый", ru: "Ремёсла и сувениры", en: "Crafts and souvenirs",
    children: [
      { slug: "woodwork", kk: "Ағаш бұйымдар", ru: "Изделия из дерева", en: "Woodwork" },
      { slug: "jewellery", kk: "Зергерлік бұйымдар", ru: "Украшения", en: "Jewellery" },
      { slug: "instruments", kk: "Музыкалық аспаптар", ru: "Музыкальные инструменты", en: "Musical instruments" },
    ],
  },
  {
    slug: "clothing-leather", kk: "Киім және былғары", ru: "Одежда и кожа", en: "Clothing and leather",
    children: [
      { slug: "clothing", kk: "Киім", ru: "Одежда", en: "Clothing" },
      { slug: "leather", kk: "Былғары бұйымдар", ru: "Изделия из кожи", en: "Leather goods" },
    ],
  },
  {
    slug: "building-materials", kk: "Құрылыс материалдары", ru: "Стройматериалы", en: "Building materials",
    children: [
      { slug: "timber", kk: "Ағаш материал", ru: "Пиломатериалы", en: "Timber" },
      { slug: "stone-brick", kk: "Тас пен кірпіш", ru: "Камень и кирпич", en: "Stone and brick" },
    ],
  },
  {
    slug: "garden-livestock", kk: "Бау-бақша және мал шаруашылығы", ru: "Сад, огород и животноводство", en: "Garden and livestock supplies",
    children: [
      { slug: "seedlings", kk: "Көшет пен тұқым", ru: "Саженцы и семена", en: "Seedlings and seeds" },
      { slug: "animal-feed", kk: "Мал азығы", ru: "Корма", en: "Animal feed" },
      { slug: "tools", kk: "Құрал-саймандар", ru: "Инструменты", en: "Tools" },
    ],
  },
];
