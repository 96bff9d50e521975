import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { getT } from "~/web/language.server";
import { villageOrNotFound } from "~/web/village.server";
import { refusalKey } from "~/i18n/refusals";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { LaneFields } from "~/ui/lane-fields";
import { editLane, ownLane } from "~/domain/logistics/lane-edit.server";
import type { LaneField } from "~/domain/logistics/lane-rules";
import { laneValues, parseLaneValues, readLaneValues } from "~/web/lane-form";

/**
 * Editing one of the hub's open lanes (issue 17): the carrier, its phone, the days, the days on the
 * way and the tariffs. The destination stays; orders already placed keep their fees (order_legs).
 * The hub's coordinator or an admin (lanes.manage); a lane of another hub is a 404.
 */
function requireLane(request: Request, slug: string | undefined, id: string | undefined) {
  const village = villageOrNotFound(slug);
  const actor = requireActor(request, "lanes.manage", () => ({ type: "village", villageId: village.id }));
  const lane = /^\d{1,9}$/.test(id ?? "") ? ownLane(getDb(), village.id, Number(id)) : null;
  if (!lane) throw new Response(null, { status: 404 });
  return { actor, village, lane };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village, lane } = requireLane(request, params.village, params.id);
  const { t } = await getT(request, "logistics");
  return { title: t("lanes.editTitle", { point: lane.toPointName }), slug: village.slug, values: laneValues(lane) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { actor, village, lane } = requireLane(request, params.village, params.id);
  // The destination is the lane's own: the form cannot move it.
  const values = { ...readLaneValues(form), toPointId: String(lane.toPointId) };
  const parsed = parseLaneValues(values);
  if (!parsed.ok) return data({ error: null, values, errors: parsed.errors }, { status: 400 });
  const saved = editLane(getDb(), { actorUserId: actor.userId, villageId: village.id, laneId: lane.id, lane: parsed.lane, ip: context.clientIp }, new Date());
  if (!saved.ok) return data({ error: saved.reason, values, errors: {} }, { status: 404 });
  return redirect(`/coordinator/${village.slug}/lanes?done=edited`, 303);
}

export default function EditLane() {
  const { title, slug, values: stored } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("logistics");
  const errors: Partial<Record<LaneField, string>> = failed?.errors ?? {};
  return (
    <>
      <p>
        <Link to={`/coordinator/${slug}/lanes`}>← {t("lanes.backToLanes")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="notice">{t("lanes.editPricesNote")}</p>
      {failed?.error ? <FormMessage>{t(refusalKey(failed.error))}</FormMessage> : null}
      {failed && !failed.error ? <FormMessage>{t("lanes.editFix")}</FormMessage> : null}
      <Form method="post" className="form" aria-label={title}>
        <CsrfInput />
        <LaneFields values={failed?.values ?? stored} errors={errors} />
        <button type="submit" className="button">
          {t("lanes.save")}
        </button>
      </Form>
    </>
  );
}
