import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAllowed } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { pickupPointFilterChoices, pickupPointsFor, resolvePickupPointFilter } from "~/domain/logistics/pickup-points.server";
import { getT } from "~/web/language.server";
import { PickupPointCard } from "~/ui/pickup-points";
import { refusalKey } from "~/i18n/refusals";

// A buyer page: rendered on the server, no JavaScript (no `handle.hydrate`).

export async function loader({ request }: LoaderFunctionArgs) {
  // Open to everyone, as the cart is: a buyer looks where to collect before signing in.
  requireAllowed(request, "cart.use");
  const { language, t } = await getT(request, "logistics");
  const db = getDb();
  const params = new URL(request.url).searchParams;
  const query = { region: (params.get("region") ?? "").slice(0, 64).toLowerCase(), village: (params.get("village") ?? "").slice(0, 64) };
  const filter = resolvePickupPointFilter(db, { region: query.region || undefined, village: query.village || undefined });
  const choices = pickupPointFilterChoices(db, language);
  const points = filter.ok ? pickupPointsFor(db, language, { regionId: filter.regionId, villageId: filter.villageId }) : [];
  const error = filter.ok ? null : { field: filter.field, key: refusalKey(`logistics.${filter.field}`) };
  return data({ title: t("buyer.title"), query, choices, points, error }, { status: error ? 400 : 200 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** Every open pickup point, filtered by region and village with a plain GET form. */
export default function PickupPoints() {
  const { title, query, choices, points, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation("logistics");
  const invalid = (field: "region" | "village") =>
    error?.field === field ? { "aria-invalid": true as const, "aria-describedby": `${field}-error`, autoFocus: true } : {};
  const message = (field: "region" | "village") =>
    error?.field === field ? (
      <p id={`${field}-error`} className="field-error">
        {t(error.key)}
      </p>
    ) : null;
  return (
    <>
      <h1>{title}</h1>
      <p className="muted">{t("buyer.intro")}</p>
      <form method="get" action="/pickup-points" className="filters" role="search">
        <div className="field">
          <label htmlFor="region">{t("buyer.region")}</label>
          <select id="region" name="region" defaultValue={query.region} {...invalid("region")}>
            <option value="">{t("buyer.any")}</option>
            {choices.regions.map((region) => (
              <option key={region.code} value={region.code}>
                {region.name}
              </option>
            ))}
          </select>
          {message("region")}
        </div>
        <div className="field">
          <label htmlFor="village">{t("buyer.village")}</label>
          <select id="village" name="village" defaultValue={query.village} {...invalid("village")}>
            <option value="">{t("buyer.any")}</option>
            {choices.villages.map((village) => (
              <option key={village.slug} value={village.slug}>
                {village.name} · {village.regionName}
              </option>
            ))}
          </select>
          {message("village")}
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("buyer.apply")}
          </button>
          <Link to="/pickup-points" className="button secondary">
            {t("buyer.clear")}
          </Link>
        </div>
      </form>
      {error ? null : <p className="muted">{t("buyer.found", { count: points.length })}</p>}
      {!error && points.length === 0 ? <p>{t("buyer.empty")}</p> : null}
      {points.map((point) => (
        <PickupPointCard key={point.id} point={point} />
      ))}
    </>
  );
}
