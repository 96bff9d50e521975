import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { listHubs } from "~/domain/geo/hubs.server";
import { searchSettlements, settlementSearchable } from "~/domain/geo/settlements.server";
import { settlementTypeKey } from "~/domain/geo/vocabulary";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { DemoBadge } from "~/ui/demo-badge";
import { Field, FormMessage } from "~/ui/form";

/**
 * The admin's village hubs: find any settlement of the classifier by name (any
 * script) or KATO code — a GET form, a read — and open a hub there; the hubs
 * open, each with its coordinators and the way to appoint one.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "hubs.manage");
  const { language, t } = await getT(request, "geo");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const db = getDb();
  const searched = q.trim() !== "";
  return {
    title: t("hubs.title"),
    language,
    q,
    searched,
    tooShort: searched && !settlementSearchable(q),
    results: searched ? searchSettlements(db, q) : [],
    hubs: listHubs(db),
    opened: url.searchParams.get("done") === "opened" ? url.searchParams.get("hub") : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function AdminHubs() {
  const { language, q, searched, tooShort, results, hubs, opened } = useLoaderData<typeof loader>();
  const { t } = useTranslation("geo");
  const openedHub = opened ? hubs.find((hub) => hub.slug === opened) : undefined;
  return (
    <>
      <p>
        <Link to="/admin">{t("identity:admin.title")}</Link>
      </p>
      <h1>{t("hubs.title")}</h1>
      {openedHub ? (
        <FormMessage tone="ok">
          {t("hubs.done.opened", { village: localized(openedHub, "name", language) })}{" "}
          <Link to={`/admin?village=${openedHub.id}`}>{t("hubs.appoint")}</Link>
        </FormMessage>
      ) : null}
      <p className="muted">{t("hubs.intro")}</p>
      <form method="get" className="search" role="search">
        <Field name="q" label={t("hubs.searchLabel")} hint={t("hubs.searchHint")} defaultValue={q} maxLength={100} error={tooShort ? t("hubs.tooShort") : undefined} autoFocus={!searched || tooShort} />
        <button type="submit" className="button">
          {t("hubs.search")}
        </button>
      </form>
      {searched && !tooShort ? (
        <section aria-labelledby="results">
          <h2 id="results">{results.length === 0 ? t("hubs.noResults", { q }) : t("hubs.results", { count: results.length })}</h2>
          <ul className="list">
            {results.map((settlement) => (
              <li key={settlement.code}>
                <strong>{localized(settlement, "name", language)}</strong>{" "}
                <span className="muted">· {t(settlementTypeKey(settlement.typeRu))}</span>
                <br />
                <span className="small">
                  {[settlement.okrug, settlement.district, settlement.region].map((place) => (place ? localized(place, "name", language) : null)).filter(Boolean).join(", ")}
                  {" · "}
                  {t("hubs.code", { code: settlement.code })}
                </span>
                <br />
                {settlement.hubSlug ? (
                  <Link to={`/villages/${settlement.hubSlug}`}>{t("hubs.hubOpen")}</Link>
                ) : settlement.abolished ? (
                  <span className="muted">{t("hubs.abolished")}</span>
                ) : (
                  <Link to={`/admin/hubs/new?code=${settlement.code}`} className="button secondary small">
                    {t("hubs.open")}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>{t("hubs.listTitle", { count: hubs.length })}</h2>
      {hubs.length === 0 ? <p className="muted">{t("hubs.none")}</p> : null}
      <ul className="list">
        {hubs.map((hub) => (
          <li key={hub.id} id={`hub-${hub.slug}`}>
            <Link to={`/villages/${hub.slug}`}>{localized(hub, "name", language)}</Link>
            {hub.isDemo ? <DemoBadge /> : null}{" "}
            <span className="muted small">
              · {localized(hub.district, "name", language)}, {localized(hub.region, "name", language)}
              {hub.katoCode ? ` · ${t("hubs.code", { code: hub.katoCode })}` : null}
            </span>
            <br />
            <span className="small">
              {t("hubs.coordinators")}:{" "}
              {hub.coordinators.length === 0
                ? t("hubs.noCoordinator")
                : hub.coordinators.map((coordinator, index) => (
                    <span key={coordinator.userId}>
                      {index > 0 ? ", " : null}
                      <Link to={`/admin/users/${coordinator.userId}`}>{coordinator.name ?? t("identity:admin.noName")}</Link>
                    </span>
                  ))}
              {" · "}
              <Link to={`/admin?village=${hub.id}`}>{t("hubs.appoint")}</Link>
            </span>
            <br />
            {/* The hub's logistics screens: an admin may manage any hub's lanes and points (can(): lanes.manage, pickup_point.open). */}
            <span className="small">
              <Link to={`/coordinator/${hub.slug}/lanes`}>{t("hubs.lanes")}</Link>
              {" · "}
              <Link to={`/coordinator/${hub.slug}/pickup-points`}>{t("hubs.pickupPoints")}</Link>
              {" · "}
              <Link to={`/coordinator/${hub.slug}/pickup-points/open`}>{t("hubs.openPoint")}</Link>
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
