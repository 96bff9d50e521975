import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { listShopsOf } from "~/domain/catalog/listings.server";
import { getSellerQuality } from "~/domain/trust/quality.server";
import { localized } from "~/i18n/localized";
import { getT } from "~/web/language.server";

/**
 * The seller's quality index (issue 16 §5): each judged month's figures
 * against the thresholds, and the latest month's advice, warning or notice of
 * the coordinator's review — the words of the SMS. Nothing is suspended.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "quality.view", (a) => ({ type: "user", userId: a.userId }));
  const { language, t } = await getT(request, "quality");
  const db = getDb();
  const shops = listShopsOf(db, actor.userId).map((shop) => ({
    id: shop.id,
    name: shop.name,
    village: localized(shop.village, "name", language),
    ...getSellerQuality(db, shop.id, language),
  }));
  return { title: t("seller.title"), shops };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function SellerQuality() {
  const { title, shops } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quality");
  return (
    <>
      <p>
        <Link to="/seller">← {t("seller.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t("seller.intro")}</p>
      <p className="notice">{t("seller.nothingSuspended")}</p>
      {shops.map((shop) => (
        <section key={shop.id} className="panel" aria-labelledby={`shop-${shop.id}`}>
          <h2 id={`shop-${shop.id}`}>
            {shop.name} · {shop.village}
          </h2>
          {shop.latestNotice ? (
            <div className="notice" role="status">
              <h3>
                {t("seller.latest")}: {t(`step.${shop.months[0]?.step ?? "none"}`)}
              </h3>
              <p>{shop.latestNotice}</p>
            </div>
          ) : null}
          <p className="muted">{t("seller.thresholds", { min: shop.thresholds.minOrders })}</p>
          {shop.months.length === 0 ? <p className="muted">{t("seller.none")}</p> : null}
          {shop.months.map((month) => (
            <article key={month.month}>
              <h3>
                {month.name}
                {month.step !== "none" ? ` · ${t(`step.${month.step}`)}` : null}
              </h3>
              <p>
                {t("seller.orders", { count: month.orders })} · {t("seller.disputesLost", { count: month.disputesLost })}
              </p>
              {month.judged ? (
                <div className="scroll">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t("seller.figure")}</th>
                        <th scope="col">{t("seller.value")}</th>
                        <th scope="col">{t("seller.limit")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {month.metrics.map((m) => (
                        <tr key={m.metric} className={m.crossed ? "crossed" : undefined}>
                          <th scope="row">{t(`metricName.${m.metric}`)}</th>
                          <td>
                            {m.metric === "rating" ? m.value : `${m.value} %`}
                            {m.crossed ? <strong> · {t("seller.crossed")}</strong> : null}
                          </td>
                          <td>{t(`limit.${m.metric}`, { limit: m.limit })}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="muted">{t("seller.notJudged", { orders: month.orders, min: shop.thresholds.minOrders })}</p>
              )}
              {month.judged && month.step === "none" ? <p className="muted">{t("seller.clean")}</p> : null}
            </article>
          ))}
        </section>
      ))}
    </>
  );
}
