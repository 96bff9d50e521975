import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getT } from "~/web/language.server";
import { villageOrNotFound } from "~/web/village.server";
import { NEW_POINT_VALUES, parsePickupPointValues, readPickupPointValues } from "~/web/pickup-point-form";
import { localized } from "~/i18n/localized";
import { refusalKey } from "~/i18n/refusals";
import { FormMessage } from "~/ui/form";
import { PickupPointForm } from "~/ui/pickup-points";
import { hasRole } from "~/domain/identity/can";
import { getSettlement, searchSettlements } from "~/domain/geo/settlements.server";
import { openPickupPoint } from "~/domain/logistics/pickup-points.server";
import { WEIGHT_CLASSES } from "~/domain/catalog/vocabulary";

/**
 * Issue 17 §1: a pickup point in any town or city — a partner shop, a post office — answered
 * for by this village hub. Find the settlement (a GET search, no JavaScript needed), then fill
 * the point in. The hub's coordinator opens one in the hub's region; an admin anywhere.
 */
function requireOpener(request: Request, slug: string | undefined) {
  const village = villageOrNotFound(slug);
  const actor = requireActor(request, "pickup_point.open", () => ({ type: "village", villageId: village.id }));
  return { actor, village };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = requireOpener(request, params.village);
  const { language, t } = await getT(request, "logistics");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const code = url.searchParams.get("code") ?? "";
  const db = getDb();
  const name = (hit: { nameKk: string; nameRu: string; nameEn: string; region: { nameKk: string; nameRu: string; nameEn: string }; district: { nameKk: string; nameRu: string; nameEn: string } | null }) =>
    [localized(hit, "name", language), hit.district ? localized(hit.district, "name", language) : null, localized(hit.region, "name", language)].filter(Boolean).join(", ");
  const chosen = code ? getSettlement(db, code, { cityDistricts: true }) : undefined;
  if (code && !chosen) throw new Response(null, { status: 404 });
  return {
    title: t("open.title"),
    village,
    villageName: localized(village, "name", language),
    q,
    results: q && !chosen ? searchSettlements(db, q, 30, { cityDistricts: true }).map((hit) => ({ code: hit.code, name: name(hit) })) : [],
    chosen: chosen ? { code: chosen.code, name: name(chosen) } : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { actor, village } = requireOpener(request, params.village);
  const values = readPickupPointValues(form);
  const extra = { capacity: String(form.get("capacity") ?? "").slice(0, 20), maxWeightClass: String(form.get("maxWeightClass") ?? "") };
  const parsed = parsePickupPointValues(values);
  if (!parsed.ok) return data({ values, extra, errors: parsed.errors, error: null }, { status: 400 });
  const opened = openPickupPoint(
    getDb(),
    {
      actorUserId: actor.userId,
      villageId: village.id,
      settlementCode: String(form.get("code") ?? ""),
      anyRegion: hasRole(actor, "admin"),
      point: parsed.point,
      capacity: extra.capacity,
      maxWeightClass: extra.maxWeightClass,
      ip: context.clientIp,
    },
    new Date(),
  );
  if (!opened.ok) return data({ values, extra, errors: {}, error: opened.reason }, { status: 400 });
  return redirect(`/coordinator/${village.slug}/pickup-points/${opened.id}?done=created`, 303);
}

export default function OpenPickupPoint() {
  const { title, village, villageName, q, results, chosen } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("logistics");
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}/pickup-points`}>← {t("coordinator.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("open.intro")}</p>
      <p>
        {t("open.hub")}: <strong>{villageName}</strong>
      </p>
      {chosen ? (
        <>
          <p>
            {t("open.settlement")}: <strong>{chosen.name}</strong> · <Link to="?">{t("open.find")}</Link>
          </p>
          {failed?.error ? <FormMessage>{t(refusalKey(failed.error))}</FormMessage> : null}
          <PickupPointForm values={failed?.values ?? { ...NEW_POINT_VALUES, kind: "partner_shop" }} errors={failed?.errors ?? {}} intent="create" submitLabel={t("open.submit")}>
            <input type="hidden" name="code" value={chosen.code} />
            <div className="field">
              <label htmlFor="capacity">{t("open.capacity")}</label>
              <p className="hint" id="capacity-hint">
                {t("open.capacityHint")}
              </p>
              <input id="capacity" name="capacity" inputMode="numeric" aria-describedby="capacity-hint" defaultValue={failed?.extra.capacity ?? ""} maxLength={8} />
            </div>
            <div className="field">
              <label htmlFor="maxWeightClass">{t("open.maxWeight")}</label>
              <select id="maxWeightClass" name="maxWeightClass" defaultValue={failed?.extra.maxWeightClass ?? "over50kg"}>
                {WEIGHT_CLASSES.map((c) => (
                  <option key={c} value={c}>
                    {t(`weightUpTo.${c}`)}
                  </option>
                ))}
              </select>
            </div>
          </PickupPointForm>
        </>
      ) : (
        <>
          <Form method="get" className="form" role="search">
            <div className="field">
              <label htmlFor="q">{t("open.search")}</label>
              <input id="q" name="q" defaultValue={q} maxLength={100} required />
            </div>
            <button type="submit" className="button">
              {t("open.find")}
            </button>
          </Form>
          {q && results.length === 0 ? <p>{t("open.noResults")}</p> : null}
          <ul className="list">
            {results.map((r) => (
              <li key={r.code}>
                <Link to={`?code=${r.code}`}>{r.name}</Link> <span className="muted small">{r.code}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
