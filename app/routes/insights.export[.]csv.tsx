import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { regionCodeParam, slugParam } from "~/web/params";
import { areaReport, findDistrictArea, findRegionArea, findVillageArea, type Area } from "~/domain/insights/areas.server";
import { asciiFilename, CSV_TABLES, reportTable, toCsv, type CsvTable } from "~/domain/insights/csv";
import { parsePeriod } from "~/domain/insights/period";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";

/**
 * /insights/export.csv?region=kz-19[&district=slug] | ?village=slug | (nothing: the country)
 * &table=summary|months|children|villages|categories|carriers&months=3|6|12 — the CSV of
 * one table of an area's screen, with the same permission as the screen.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const { language, t } = await getT(request, "analytics");
  const bad = () => new Response(t("csv.badRequest"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const table = query.get("table") ?? "";
  if (!(CSV_TABLES as readonly string[]).includes(table)) throw bad();
  const db = getDb();
  const region = query.get("region");
  const district = query.get("district");
  const village = query.get("village");
  let found: { area: Area; regionId: number | null; parts: string[] } | undefined;
  if (village !== null) {
    const slug = slugParam.safeParse(village);
    if (!slug.success || region !== null || district !== null) throw bad();
    const hit = findVillageArea(db, slug.data);
    found = hit && { ...hit, parts: [slug.data] };
  } else if (region !== null) {
    const iso = regionCodeParam.safeParse(region);
    if (!iso.success) throw bad();
    if (district !== null) {
      const slug = slugParam.safeParse(district);
      if (!slug.success) throw bad();
      const hit = findDistrictArea(db, iso.data, slug.data);
      found = hit && { ...hit, parts: [iso.data, slug.data] };
    } else {
      const hit = findRegionArea(db, iso.data);
      found = hit && { ...hit, parts: [iso.data] };
    }
  } else if (district !== null) {
    throw bad();
  } else {
    found = { area: { kind: "country" }, regionId: null, parts: ["kz"] };
  }
  if (!found) throw new Response(t("csv.badRequest"), { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const regionId = found.regionId;
  requireActor(request, "insights.area", () => ({ type: "area", regionId }));
  const report = areaReport(db, found.area, parsePeriod(query.get("months")), new Date());
  if (!report) throw new Response(null, { status: 404 });
  const { header, rows } = reportTable(report, table as CsvTable, t, (names) => localized(names, "name", language));
  const filename = asciiFilename(["auyl-hub", ...found.parts, table, report.current.first, report.current.last, language]);
  return new Response(toCsv(header, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Language": language,
      "Cache-Control": "private, no-store",
    },
  });
}
