import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getT } from "~/web/language.server";
import { villageOrNotFound } from "~/web/village.server";
import { localized } from "~/i18n/localized";
import { formatMoney } from "~/i18n/money";
import { refusalKey, refusalKeys } from "~/i18n/refusals";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { closeLane, createLane, listLanes } from "~/domain/logistics/lanes.server";
import type { LaneField } from "~/domain/logistics/lane-rules";
import { pickupPointsFor, listVillagePickupPoints } from "~/domain/logistics/pickup-points.server";
import { onTimeByLane } from "~/domain/shipping/shipment-lanes.server";
import { LaneFields, laneFieldError } from "~/ui/lane-fields";
import { LaneSchedule } from "~/ui/lane-tariffs";
import { parseLaneValues, readLaneValues } from "~/web/lane-form";

function requireLanes(request: Request, slug: string | undefined) {
  const village = villageOrNotFound(slug);
  const actor = requireActor(request, "lanes.manage", () => ({ type: "village", villageId: village.id }));
  return { actor, village };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = requireLanes(request, params.village);
  const { language, t } = await getT(request, "logistics");
  const db = getDb();
  const lanes = listLanes(db, language, village.id);
  // On-time arrivals per lane (docs/metrics.md): of its shipments that arrived, those on or before the expected day.
  const onTime = onTimeByLane(db, lanes.map((l) => l.id));
  return {
    title: t("lanes.title", { village: localized(village, "name", language) }),
    language,
    village,
    lanes: lanes.map((lane) => ({ ...lane, onTime: onTime.get(lane.id) ?? null })),
    // Where a lane may go: any open point that does not stand in this village (sorting hubs too).
    destinations: pickupPointsFor(db, language)
      .filter((p) => !(p.atHub && p.village.id === village.id))
      .map((p) => ({ id: p.id, label: `${p.name} — ${p.locality.name}, ${p.region.name}` })),
    sortingHubs: listVillagePickupPoints(db, village.id)
      .filter((p) => p.kind === "sorting_hub" && p.active)
      .map((p) => ({ id: p.id, name: p.name })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { actor, village } = requireLanes(request, params.village);
  const ip = context.clientIp;
  const now = new Date();
  if (form.get("intent") === "close") {
    const laneId = Number(form.get("laneId"));
    const closed = closeLane(getDb(), { actorUserId: actor.userId, villageId: village.id, laneId: Number.isSafeInteger(laneId) ? laneId : 0, ip }, now);
    if (!closed.ok) return data({ error: closed.reason, values: null, errors: {} }, { status: 404 });
    return redirect(`/coordinator/${village.slug}/lanes?done=closed`, 303);
  }
  if (form.get("intent") !== "create") throw new Response(null, { status: 400 });
  const values = readLaneValues(form);
  const origin = String(form.get("origin") ?? "hub");
  const parsed = parseLaneValues(values);
  if (!parsed.ok) return data({ error: null, values, errors: parsed.errors }, { status: 400 });
  const fromPointId = /^\d{1,9}$/.test(origin) ? Number(origin) : null;
  const created = createLane(getDb(), { actorUserId: actor.userId, villageId: village.id, fromPointId, lane: parsed.lane, ip }, now);
  if (!created.ok) return data({ error: null, values, errors: refusalKeys({ toPointId: created.reason }) }, { status: 400 });
  return redirect(`/coordinator/${village.slug}/lanes?done=created`, 303);
}

export default function HubLanes() {
  const { title, language, village, lanes, destinations, sortingHubs } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  const { t } = useTranslation("logistics");
  const values = failed?.values ?? { weekdays: [] as string[] };
  const errors: Partial<Record<LaneField, string>> = failed?.errors ?? {};
  const money = (tiyn: number | null) => (tiyn === null ? t("lanes.notCarried") : formatMoney(tiyn, language));
  const destination = laneFieldError(errors, "toPointId", t);
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}`}>← {t("coordinator.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("lanes.intro")}</p>
      {done === "created" ? <FormMessage tone="ok">{t("lanes.created")}</FormMessage> : null}
      {done === "closed" ? <FormMessage tone="ok">{t("lanes.closed")}</FormMessage> : null}
      {done === "edited" ? <FormMessage tone="ok">{t("lanes.edited")}</FormMessage> : null}
      {failed?.error ? <FormMessage>{t(refusalKey(failed.error))}</FormMessage> : null}
      {lanes.length === 0 ? <p>{t("lanes.empty")}</p> : null}
      <ul className="list">
        {lanes.map((lane) => (
          <li key={lane.id} className="panel">
            <p>
              <strong>{lane.toPointName}</strong> — {lane.toPlace}
              {lane.fromPointName ? <span className="muted small"> ({t("lanes.from", { point: lane.fromPointName })})</span> : null}
            </p>
            <p className="small">
              {t(`carrier.${lane.carrierKind}`)} «{lane.carrierName}»{lane.carrierPhone ? `, ${lane.carrierPhone}` : null} · <LaneSchedule weekdays={lane.weekdays} transitDays={lane.transitDays} />
            </p>
            <p className="small">
              {t("lanes.tariffs")}: ≤15 — {money(lane.upTo15kgTiyn)} · 15–50 — {money(lane.from15to50kgTiyn)} · &gt;50 — {money(lane.over50kgTiyn)}
            </p>
            <p className="small">
              {t("lanes.onTime")}: {lane.onTime ? t("lanes.onTimeOf", { onTime: lane.onTime.onTime, arrived: lane.onTime.arrived }) : t("lanes.onTimeNone")}
            </p>
            <p className="small"><Link to={`/coordinator/${village.slug}/lanes/${lane.id}/payee`}>{t("money:carrier.link")}</Link></p>
            <Form method="post" className="actions">
              <Link to={`/coordinator/${village.slug}/lanes/${lane.id}/edit`} className="button secondary small">
                {t("lanes.edit")}
              </Link>
              <CsrfInput />
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="laneId" value={lane.id} />
              <button type="submit" className="button secondary small">
                {t("lanes.close")}
              </button>
            </Form>
          </li>
        ))}
      </ul>

      <h2 id="new">{t("lanes.newTitle")}</h2>
      <Form method="post" className="form" aria-labelledby="new">
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        {sortingHubs.length > 0 ? (
          <div className="field">
            <label htmlFor="origin">{t("lanes.origin")}</label>
            <select id="origin" name="origin" defaultValue="hub">
              <option value="hub">{t("lanes.originHub")}</option>
              {sortingHubs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="toPointId">{t("lanes.destination")}</label>
          <select id="toPointId" name="toPointId" defaultValue={values.toPointId ?? ""} required {...destination.invalid}>
            <option value="" disabled>
              —
            </option>
            {destinations.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
          {destination.message}
        </div>
        <LaneFields values={values} errors={errors} />
        <button type="submit" className="button">
          {t("lanes.create")}
        </button>
      </Form>
    </>
  );
}
