import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { NEW_POINT_VALUES, parsePickupPointValues, readPickupPointValues } from "~/web/pickup-point-form";
import { createPickupPoint, listPickupPointOperators, listVillagePickupPoints } from "~/domain/logistics/pickup-points.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { PickupPointForm } from "~/ui/pickup-points";
import { villageOrNotFound } from "~/web/village.server";

function requireManager(request: Request, slug: string | undefined) {
  const village = villageOrNotFound(slug);
  const actor = requireActor(request, "pickup_points.manage", () => ({ type: "village", villageId: village.id }));
  return { actor, village };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = requireManager(request, params.village);
  const { language, t } = await getT(request, "logistics");
  const db = getDb();
  return {
    title: t("coordinator.title", { village: localized(village, "name", language) }),
    language,
    village,
    points: listVillagePickupPoints(db, village.id).map((point) => ({
      id: point.id,
      kind: point.kind,
      name: point.name,
      address: point.address,
      openingHours: point.openingHours,
      active: point.active,
      operators: listPickupPointOperators(db, point.id).length,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** A new pickup point of the village; on a mistake the form comes back with what was typed. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { actor, village } = requireManager(request, params.village);
  if (form.get("intent") !== "create") throw new Response(null, { status: 400 });
  const values = readPickupPointValues(form);
  const parsed = parsePickupPointValues(values);
  if (!parsed.ok) return data({ values, errors: parsed.errors }, { status: 400 });
  const created = createPickupPoint(getDb(), { actorUserId: actor.userId, villageId: village.id, point: parsed.point }, new Date());
  return redirect(`/coordinator/${village.slug}/pickup-points/${created.id}?done=created`, 303);
}

export default function VillagePickupPoints() {
  const { title, village, points } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("logistics");
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}`}>← {t("coordinator.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("coordinator.intro")}</p>
      <p>
        <Link to={`/coordinator/${village.slug}/pickup-points/open`}>{t("open.link")}</Link>
      </p>
      {points.length === 0 ? <p>{t("coordinator.empty")}</p> : null}
      <ul className="list">
        {points.map((point) => (
          <li key={point.id}>
            <Link to={`/coordinator/${village.slug}/pickup-points/${point.id}`}>{point.name}</Link>
            {point.active ? null : <span className="badge">{t("point.closed")}</span>}
            <br />
            <span className="muted small">
              {t(`kind.${point.kind}`)} · {point.address} · {point.openingHours} · {t("coordinator.operators", { count: point.operators })}
            </span>
          </li>
        ))}
      </ul>
      <h2 id="new">{t("coordinator.newTitle")}</h2>
      <PickupPointForm values={failed?.values ?? NEW_POINT_VALUES} errors={failed?.errors ?? {}} intent="create" submitLabel={t("form.create")} />
    </>
  );
}
