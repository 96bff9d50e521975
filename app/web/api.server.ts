/**
 * The open data API's HTTP side (/api/v1, issue 6 §5): bearer-token auth, the
 * can() check with the token's actor, and JSON answers that no cache keeps.
 * Every refusal is JSON `{ error: { code, message } }` with 400/401/403/404,
 * the message in the language the client asks for (Accept-Language), else Kazakh.
 */
import { getDb } from "../db.server";
import type { Actor, CanResult } from "../domain/identity/can";
import { resolveApiToken } from "../domain/insights/api-tokens.server";
import { areaReport, type Area, type AreaReport, type ChildRow, type Names } from "../domain/insights/areas.server";
import { isSuppressed, MIN_SELLERS, SUPPRESSED } from "../domain/insights/suppression";
import { statusThresholds } from "../domain/insights/thresholds.server";
import { PERIOD_MONTHS, type PeriodMonths } from "../domain/insights/period";
import { getT } from "./language.server";

export type ApiErrorCode = "unauthorized" | "forbidden" | "not_found" | "bad_request";

const STATUS: Record<ApiErrorCode, number> = { bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404 };

const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  // Aggregates for a person with a token: no shared or browser cache keeps them.
  "Cache-Control": "no-store",
};

export function apiJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

/** The error answer; `detail` picks a more precise message (e.g. `bad_period`). */
export async function apiError(request: Request, code: ApiErrorCode, detail?: string): Promise<Response> {
  const { t } = await getT(request, "api");
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (code === "unauthorized") headers["WWW-Authenticate"] = 'Bearer realm="auyl-hub"';
  return new Response(JSON.stringify({ error: { code, message: t(`error.${detail ?? code}`) } }), { status: STATUS[code], headers });
}

/** URL parts: a region's ISO code in any case ("kz-19"), a district's or village's slug. */
export const REGION_PARAM = /^kz-\d{2}$/i;
export const SLUG_PARAM = /^[a-z0-9-]{1,64}$/;

/** Thrown inside a handler to end it with an error answer. */
export class ApiRefusal {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail?: string,
  ) {}
}

/** The actor of the request's bearer token, or a 401 refusal. */
export function requireApiToken(request: Request): NonNullable<Actor> {
  const header = request.headers.get("Authorization") ?? "";
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match) throw new ApiRefusal("unauthorized", header ? "bad_token" : "unauthorized");
  const actor = resolveApiToken(getDb(), match[1]!, new Date());
  if (!actor) throw new ApiRefusal("unauthorized", "bad_token");
  return actor;
}

/** A can() answer for the token's actor: forbidden → 403, hidden → 404. */
export function allowed(result: CanResult): void {
  if (!result.ok) throw new ApiRefusal(result.reason === "auth.not_found" ? "not_found" : "forbidden");
}

/** ?months=3|6|12, 6 when absent; anything else is a 400 (a program should hear about its typo). */
export function apiPeriod(request: Request): PeriodMonths {
  const value = new URL(request.url).searchParams.get("months");
  if (value === null) return 6;
  const length = PERIOD_MONTHS.find((n) => String(n) === value);
  if (length === undefined) throw new ApiRefusal("bad_request", "bad_period");
  return length;
}

/**
 * Runs an endpoint: the token, then the handler; a refusal becomes its JSON
 * error. Only GET and HEAD reach a loader (a resource route without an
 * action answers other methods with 405).
 */
export async function apiHandler(request: Request, handle: (actor: NonNullable<Actor>) => unknown): Promise<Response> {
  try {
    const actor = requireApiToken(request);
    return apiJson(await handle(actor));
  } catch (thrown) {
    if (thrown instanceof ApiRefusal) return apiError(request, thrown.code, thrown.detail);
    throw thrown;
  }
}

// ---------------------------------------------------------------------------
// The answer's shape (README "Open data API"): areaReport's cells as they are
// (numbers, or "<5"), English field names, money in integer tiyn.

const names = (n: Names) => ({ kk: n.nameKk, ru: n.nameRu, en: n.nameEn });

/** The API address of a row or area, for drilling down. */
export function apiPath(kind: "country" | "region" | "district" | "village", slugs: { region?: string | null; district?: string | null; village?: string | null }): string {
  if (kind === "country") return "/api/v1/country";
  if (kind === "region") return `/api/v1/regions/${slugs.region}`;
  if (kind === "district") return `/api/v1/regions/${slugs.region}/districts/${slugs.district}`;
  return `/api/v1/villages/${slugs.village}`;
}

function childRow(row: ChildRow, index: number) {
  const suppressed = isSuppressed(row.current.gmvTiyn);
  return {
    // Ranked by GMV of the period; rows suppressed now come last, by name, without a rank.
    rank: suppressed ? null : index + 1,
    kind: row.kind,
    slug: row.slug,
    name: names(row),
    district: row.district ? names(row.district) : null,
    villages: row.villageCount,
    households: row.households,
    current: row.current,
    previous: row.previous,
    tier: row.status ? row.status.tier : null,
    status: row.status,
    districtStatus: row.districtStatus,
    ecommerceVillages: row.ecommerceVillages,
    emergingVillages: row.emergingVillages,
    ecommerceDistricts: row.ecommerceDistricts,
    href: apiPath(row.kind, { region: row.regionSlug, district: row.districtSlug, village: row.slug }),
  };
}

/** An area's report as the API answers it. */
export function apiReport(report: AreaReport) {
  const { area } = report;
  const limits = statusThresholds(report.thresholds);
  return {
    apiVersion: 1,
    area: {
      kind: area.kind,
      code: area.code,
      slug: area.slug,
      name: names(area),
      region: area.region ? { code: area.region.isoCode, slug: area.region.isoCode.toLowerCase(), name: names(area.region) } : null,
      district: area.district ? { slug: area.district.slug, name: names(area.district) } : null,
      villages: area.villageCount,
      households: area.households,
      href: apiPath(area.kind, { region: area.region?.isoCode.toLowerCase() ?? area.slug, district: area.district?.slug ?? area.slug, village: area.slug }),
    },
    period: { months: report.length, first: report.current.first, last: report.current.last },
    previousPeriod: { months: report.length, first: report.previous.first, last: report.previous.last },
    statusYear: { first: report.year.first, last: report.year.last },
    units: { money: "tiyn", tiynPerTenge: 100, shares: "fraction", timeZone: "Asia/Almaty" },
    suppression: { minSellers: MIN_SELLERS, marker: SUPPRESSED },
    thresholds: {
      yearlyGmvTiyn: limits.yearlyGmvTiyn,
      gmvYuan: report.thresholds.gmvYuan,
      tiynPerYuan: report.thresholds.tiynPerYuan,
      activeShops: limits.activeShops,
      householdsShare: limits.householdsShareBp / 10_000,
      districtVillages: limits.districtVillages,
      emergingShare: limits.emergingShareBp / 10_000,
    },
    totals: report.totals,
    previousTotals: report.previousTotals,
    months: report.months,
    status: report.villageStatus,
    districtStatus: report.districtStatus,
    ecommerceVillages: report.ecommerceVillages,
    emergingVillages: report.emergingVillages,
    ecommerceDistricts: report.ecommerceDistricts,
    children: report.children.map(childRow),
    villages: report.villages.map(childRow),
    topCategories: report.categoriesSuppressed
      ? SUPPRESSED
      : report.topCategories.map((c) => ({ slug: c.slug, name: names(c), gmvTiyn: c.gmvTiyn, ordersCompleted: c.ordersCompleted, items: c.items })),
    service: report.service,
    previousService: report.previousService,
    /** docs/metrics.md "Logistics": the period, the one before, the period by carrier kind ([] when hidden). */
    logistics: report.logistics,
  };
}

/** One endpoint's answer, after the route's can() check: the period, then the report. */
export function areaAnswer(request: Request, area: Area) {
  const length = apiPeriod(request);
  const report = areaReport(getDb(), area, length, new Date());
  if (!report) throw new ApiRefusal("not_found");
  return apiReport(report);
}
