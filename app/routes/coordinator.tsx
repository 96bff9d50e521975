import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { countOpenReports } from "~/domain/catalog/reports.server";
import { reviewerAppointment } from "~/domain/trust/dispute-reads.server";
import { listCoordinatedVillages } from "~/domain/identity/sellers.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "coordinator.home");
  const { language, t } = await getT(request, "identity");
  const villages = listCoordinatedVillages(getDb(), actor.userId);
  const openReports = countOpenReports(getDb(), villages.map((v) => v.id));
  return {
    title: t("coordinator.title"),
    language,
    villages: villages.map((village) => ({ ...village, openReports: openReports.get(village.id) ?? 0 })),
    // An appointed neutral reviewer (issue 16 §4) reaches the appeals sent to them from here.
    appeals: reviewerAppointment(getDb(), actor.userId),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** The villages a coordinator looks after. */
export default function CoordinatorHome() {
  const { language, villages, appeals } = useLoaderData<typeof loader>();
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("coordinator.title")}</h1>
      <ul className="list">
        {villages.map((village) => (
          <li key={village.id}>
            <Link to={`/coordinator/${village.slug}`}>{localized(village, "name", language)}</Link>
            {" · "}
            <Link to={`/coordinator/${village.slug}/reports`}>
              {village.openReports > 0 ? t("storefront:moderation.linkCount", { count: village.openReports }) : t("storefront:moderation.link")}
            </Link>
          </li>
        ))}
      </ul>
      {appeals ? (
        <p>
          <Link to="/admin/disputes">{t("disputes:queue.reviewerTitle")}</Link> ({appeals.waiting})
        </p>
      ) : null}
    </>
  );
}
