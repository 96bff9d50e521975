import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getVillage } from "~/domain/geo/geo.server";
import { listVillagePickupPoints } from "~/domain/logistics/pickup-points.server";
import { localized } from "~/i18n/localized";
import { translator } from "~/i18n/translate.server";
import { PrintChoices } from "~/ui/printable";
import { QrCode } from "~/ui/share";
import { requireActor } from "~/web/auth.server";
import { getT } from "~/web/language.server";
import { printLanguage } from "~/web/printable.server";
import { shareOf } from "~/web/share.server";
import { villageOrNotFound } from "~/web/village.server";

/**
 * An A4 poster of the village hub for the bus stop (issue 19 §4): the
 * village's name, what it makes, a QR code of its page, and where to collect
 * orders. The coordinator picks its language and pickup point; the browser prints it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id } = villageOrNotFound(params.village);
  requireActor(request, "village.poster.print", () => ({ type: "village", villageId: id }));
  const db = getDb();
  const village = getVillage(db, params.village ?? "")!;
  const { language, t } = await getT(request, "storefront");
  const points = listVillagePickupPoints(db, village.id).filter((point) => point.active);
  const chosen = Number(new URL(request.url).searchParams.get("point"));
  const point = points.find((p) => p.id === chosen) ?? points[0];
  const posterLanguage = printLanguage(request, language);
  const tp = translator(posterLanguage, "storefront");
  const share = await shareOf(request, `/villages/${village.slug}`, localized(village, "name", posterLanguage));
  return {
    title: t("poster.title", { village: localized(village, "name", language) }),
    slug: village.slug,
    points: points.map((p) => ({ id: p.id, name: p.name })),
    pointId: point?.id ?? null,
    poster: {
      language: posterLanguage,
      name: localized(village, "name", posterLanguage),
      place: `${localized(village.district, "name", posterLanguage)}, ${localized(village.region, "name", posterLanguage)}`,
      tagline: tp("poster.tagline"),
      makes: village.specialty ? tp("poster.makes", { specialty: translator(posterLanguage, "geo")(`specialty.${village.specialty}`).toLocaleLowerCase(posterLanguage) }) : null,
      scan: tp("poster.scan"),
      url: share.url,
      qrSvg: share.qrSvg,
      qrLabel: tp("share.qrLabel", { url: share.url }),
      point: point ? { heading: tp("poster.collect"), name: point.name, address: point.address, hours: tp("poster.hours", { hours: point.openingHours }) } : null,
      paySafely: tp("poster.paySafely"),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function VillagePoster() {
  const { title, slug, points, pointId, poster } = useLoaderData<typeof loader>();
  const { t } = useTranslation("storefront");
  return (
    <>
      <div className="no-print">
        <p>
          <Link to={`/coordinator/${slug}`}>← {t("orders:hub.back")}</Link>
        </p>
        <h1>{title}</h1>
        <p>{t("poster.intro")}</p>
        <PrintChoices language={poster.language}>
          {points.length > 0 ? (
            <div className="field">
              <label htmlFor="print-point">{t("poster.point")}</label>
              <select id="print-point" name="point" defaultValue={pointId ?? undefined}>
                {points.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </PrintChoices>
        {points.length === 0 ? (
          <p className="notice">
            {t("poster.noPoint")} <Link to={`/coordinator/${slug}/pickup-points`}>{t("poster.addPoint")}</Link>
          </p>
        ) : null}
      </div>
      <article className="poster" lang={poster.language}>
        <p className="poster-brand">Auyl Hub</p>
        <h2 className="poster-name">{poster.name}</h2>
        <p className="poster-place">{poster.place}</p>
        <p className="poster-tagline">{poster.tagline}</p>
        {poster.makes ? <p className="poster-makes">{poster.makes}</p> : null}
        <QrCode svg={poster.qrSvg} label={poster.qrLabel} className="qr poster-qr" />
        <p className="poster-scan">{poster.scan}</p>
        <p className="poster-url">{poster.url}</p>
        {poster.point ? (
          <section className="poster-point">
            <h3>{poster.point.heading}</h3>
            <p>
              <strong>{poster.point.name}</strong>
            </p>
            <p>{poster.point.address}</p>
            <p>{poster.point.hours}</p>
          </section>
        ) : null}
        <p className="poster-note">{poster.paySafely}</p>
      </article>
    </>
  );
}
