import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { listOperatedPickupPoints } from "~/domain/logistics/pickup-points.server";
import { getT } from "~/web/language.server";
import { PickupPointCard } from "~/ui/pickup-points";

/**
 * The operator's home: the pickup points they run. Each point is checked
 * with can("pickup_point.operate"); someone who operates none is refused.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = getActor(request);
  if (!actor) {
    const url = new URL(request.url);
    throw redirect(`/signin?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const { language, t } = await getT(request, "logistics");
  const points = listOperatedPickupPoints(getDb(), language, actor.userId).filter(
    (point) => can(actor, "pickup_point.operate", { type: "pickup_point", pickupPointId: point.id, villageId: point.villageId }).ok,
  );
  if (points.length === 0) throw new Response(null, { status: 403 });
  return { title: t("operator.title"), points };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function OperatorHome() {
  const { title, points } = useLoaderData<typeof loader>();
  const { t } = useTranslation("logistics");
  return (
    <>
      <h1>{title}</h1>
      <p className="muted">{t("operator.intro")}</p>
      {points.map((point) => (
        <div key={point.id}>
          <PickupPointCard point={point} />
          <p>
            <Link to={`/operator/points/${point.id}`} className="button">
              {t("orders:point.open")}
            </Link>
          </p>
        </div>
      ))}
    </>
  );
}
