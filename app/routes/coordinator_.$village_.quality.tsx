import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { formatPhone } from "~/domain/identity/phone";
import { listReferredFlags } from "~/domain/trust/moderation-queue.server";
import { listQualityReviews } from "~/domain/trust/quality.server";
import { formatDateTime } from "~/i18n/format";
import { localized } from "~/i18n/localized";
import { flagReasonText } from "~/web/flag-text.server";
import { getT } from "~/web/language.server";
import { villageOrNotFound } from "~/web/village.server";
import { FlagSummary } from "~/ui/flag-summary";

/**
 * The coordinator's part of issue 16 §5–6: the village's sellers whose third
 * month in a row crossed a quality threshold, with the month's figures, and
 * the flags the admins asked the coordinator to look at. Reading only:
 * nothing here suspends anyone.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const village = villageOrNotFound(params.village);
  requireActor(request, "quality.village", () => ({ type: "village", villageId: village.id }));
  const { language, t } = await getT(request, "quality");
  const db = getDb();
  return {
    title: `${t("coordinator.title")} · ${localized(village, "name", language)}`,
    slug: village.slug,
    reviews: listQualityReviews(db, village.id, language).map((r) => ({ ...r, phone: r.phone ? formatPhone(r.phone) : null })),
    flags: listReferredFlags(db, village.id, language).map((flag) => ({
      id: flag.id,
      rule: flag.rule,
      reason: flagReasonText(t, flag.rule, flag.evidence, language),
      seller: flag.seller,
      subject: flag.subject,
      note: flag.note,
      at: formatDateTime(flag.createdAt, language),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function CoordinatorQuality() {
  const { title, slug, reviews, flags } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quality");
  return (
    <>
      <p>
        <Link to={`/coordinator/${slug}`}>← {t("identity:coordinator.title")}</Link>
      </p>
      <h1>{title}</h1>
      <h2>{t("coordinator.reviewTitle")}</h2>
      <p>{t("coordinator.reviewIntro")}</p>
      {reviews.length === 0 ? <p className="muted">{t("coordinator.reviewNone")}</p> : null}
      <ul className="list">
        {reviews.map((r) => (
          <li key={`${r.sellerId}-${r.month}`} className="panel">
            <h3>
              {r.name} · {r.month}
            </h3>
            {r.phone ? <p className="muted">{r.phone}</p> : null}
            <p>
              {t("seller.orders", { count: r.orders })} · {t("seller.disputesLost", { count: r.disputesLost })}
            </p>
            <p>{r.notice}</p>
          </li>
        ))}
      </ul>
      <h2>{t("coordinator.flagsTitle")}</h2>
      {flags.length === 0 ? <p className="muted">{t("coordinator.flagsNone")}</p> : null}
      <ul className="list">
        {flags.map((flag) => (
          <li key={flag.id} className="panel">
            <FlagSummary flag={flag} level={3} />
          </li>
        ))}
      </ul>
    </>
  );
}
