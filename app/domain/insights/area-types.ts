/**
 * The shapes of an analyst's area report: what areas.server.ts returns,
 * area-report.ts computes, and the screens, the CSV export and the JSON API
 * (/api/v1) show. Types only.
 */
import type { Period } from "./insights.server";
import type { LogisticsReport } from "./logistics";
import type { Measures } from "./outcome";
import type { PeriodMonths } from "./period";
import type { DistrictStatus, VillageTier } from "./status";
import type { Cell } from "./suppression";
import type { Thresholds } from "./thresholds.server";

/** Which area a report is about. */
export type Area = { kind: "country" } | { kind: "region"; regionId: number } | { kind: "district"; districtId: number } | { kind: "village"; villageId: number };
export type AreaKind = Area["kind"];

export interface Names {
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

/** The area itself, with what a page needs for its title, breadcrumbs and links. */
export interface AreaInfo extends Names {
  kind: AreaKind;
  /** Null for the country. */
  id: number | null;
  /** ISO 3166-2 code for a region ("KZ-19"), KATO code for a district or village when known. */
  code: string | null;
  /** URL part: lower-case ISO code for a region ("kz-19"), the slug for a district or village. */
  slug: string | null;
  /** The region the area lies in (the one the `insights.area` permission is checked against); null for the country. */
  regionId: number | null;
  region: (Names & { id: number; isoCode: string }) | null;
  district: (Names & { id: number; slug: string }) | null;
  /** Villages on the hub in the area, and their households. */
  villageCount: number;
  households: number;
}

/** The figures of an area (or a row of a table) over a period or one month, unsuppressed. */
export interface Figures extends Measures {
  /** Distinct sellers with a completed order. */
  activeSellers: number;
  /** Active shops of the last month of the period (or of the month). */
  activeShops: number;
  /** Selling households ÷ households, 0–1; null when the area has no households recorded. */
  householdsShare: number | null;
}

/** The same figures as an analyst may see them: each a number or "<5". */
export type FigureCells = { [K in keyof Figures]: Cell<Figures[K]> };

export interface MonthCells extends FigureCells {
  month: string;
}

/** Service figures (service.server.ts serviceMetrics), suppressed like the rest. */
export interface ServiceCells {
  buyers: Cell<number>;
  /** Share of buyers with two or more completed orders, 0–1 (null without buyers). */
  repeatBuyersShare: Cell<number | null>;
  medianPickupDays: Cell<number | null>;
  /** On-time handovers ÷ handovers due, 0–1 (null when none were due). */
  onTimeHandoverShare: Cell<number | null>;
  /** Disputes ÷ online pickups, 0–1 (null without online pickups). */
  disputeRate: Cell<number | null>;
}

/** A village's standing in the e-commerce village test; "<5" when its year stands on fewer than 5 sellers. */
export interface VillageStatusCells {
  tier: Cell<VillageTier>;
  /** GMV of the 12 months ending with the period's last month. */
  yearlyGmvTiyn: Cell<number>;
  /** Progress towards each threshold (1 = reached). */
  progress: Cell<{ gmv: number; activeShops: number; householdsShare: number | null }>;
}

export interface ChildRow extends Names {
  kind: "region" | "district" | "village";
  id: number;
  /** URL part: lower-case ISO code of a region, slug of a district or village. */
  slug: string;
  /** For a village or a district: the region's lower-case ISO code and the district's slug, for links. */
  regionSlug: string;
  districtSlug: string | null;
  /** For a village listed in a region: its district's names. */
  district: Names | null;
  villageCount: number;
  households: number;
  current: FigureCells;
  previous: FigureCells;
  /** Villages only. */
  status: VillageStatusCells | null;
  /** Districts only. */
  districtStatus: DistrictStatus | null;
  /** Regions and the country: e-commerce villages and districts inside. */
  ecommerceVillages: number;
  emergingVillages: number;
  ecommerceDistricts: number;
}

export interface CategoryCells extends Names {
  categoryId: number;
  slug: string;
  gmvTiyn: Cell<number>;
  ordersCompleted: Cell<number>;
  items: Cell<number>;
}

export interface AreaReport {
  area: AreaInfo;
  length: PeriodMonths;
  current: Period;
  previous: Period;
  /** The 12 months ending with the period's last month: the window of the e-commerce village test. */
  year: Period;
  thresholds: Thresholds;
  totals: FigureCells;
  previousTotals: FigureCells;
  /** One row per month of the current period, oldest first. */
  months: MonthCells[];
  /** The area's own status: a village's tier, a district's e-commerce district status. */
  villageStatus: VillageStatusCells | null;
  districtStatus: DistrictStatus | null;
  /** E-commerce and emerging villages, e-commerce districts in the area. */
  ecommerceVillages: number;
  emergingVillages: number;
  ecommerceDistricts: number;
  /**
   * The rows of the area ranked by GMV of the period (suppressed rows last, by
   * name): regions of the country, districts of a region, villages of a district.
   */
  children: ChildRow[];
  /** A region's villages too (ranked the same way); empty for other areas. */
  villages: ChildRow[];
  /** Top-level categories by GMV; empty with `categoriesSuppressed` when the area's period stands on fewer than 5 sellers. */
  topCategories: CategoryCells[];
  categoriesSuppressed: boolean;
  /** Service figures of the period and the one before (docs/metrics.md), hidden like the totals. */
  service: ServiceCells;
  previousService: ServiceCells;
  /** Shipments from the area's hubs by month of arrival (docs/metrics.md "Logistics"), hidden like the service figures. */
  logistics: LogisticsReport;
}
