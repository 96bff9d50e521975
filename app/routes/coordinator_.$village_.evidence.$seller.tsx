import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { printEvidencePack } from "~/domain/insights/evidence.server";
import { formatDate, formatNumber } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { formatMonth } from "~/i18n/months";
import { villageOrNotFound } from "~/web/village.server";
import { formatMoney } from "~/i18n/money";

/**
 * One seller's sales statement, laid out for A4 (issue 6 §7). No print button:
 * the page carries no script, so the reader uses the browser's Print and the
 * print styles (styles.css, "Evidence pack") leave out everything but the
 * statement. Every view is a print, recorded in the audit log.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const village = villageOrNotFound(params.village);
  const actor = requireActor(request, "evidence.print", () => ({ type: "village", villageId: village.id }));
  const sellerId = Number(params.seller);
  if (!/^\d{1,12}$/.test(params.seller ?? "") || !Number.isSafeInteger(sellerId) || sellerId <= 0) throw new Response(null, { status: 404 });
  const { language, t } = await getT(request, "evidence");
  const villageName = localized(village, "name", language);
  const result = printEvidencePack(getDb(), { villageId: village.id, sellerId, actorUserId: actor.userId, ip: context.clientIp ?? null }, new Date());
  if (!result.ok) {
    if (result.reason === "evidence.seller_not_found") throw new Response(null, { status: 404 });
    // Consent is the seller's to give: without it the page says why, and nothing is shown.
    return data({ ok: false as const, title: t("noConsent.title"), slug: village.slug }, { status: 403 });
  }
  const { pack } = result;
  const money = (tiyn: number) => formatMoney(tiyn, language);
  const count = (n: number) => formatNumber(n, language);
  const row = (m: { gmvTiyn: number; ordersCompleted: number; items: number; refundedTiyn: number }) => ({ gmv: money(m.gmvTiyn), orders: count(m.ordersCompleted), items: count(m.items), refunded: money(m.refundedTiyn) });
  const platform = t("common:hub.name");
  return data(
    {
      ok: true as const,
      title: t("pack.title"),
      slug: village.slug,
      shop: pack.seller.name ?? "—",
      village: villageName,
      purpose: pack.consent.purpose,
      consentPeriod: t("pack.consentPeriod", { given: formatDate(pack.consent.givenAt, language), expires: formatDate(pack.consent.expiresAt, language) }),
      reference: pack.reference,
      printedOn: formatDate(pack.printedAt, language),
      months: pack.months.map((m) => ({ month: m.month, label: formatMonth(m.month, language), ...row(m), gmvTiyn: m.gmvTiyn, ordersCompleted: m.ordersCompleted })),
      totals: { ...row(pack.totals), gmvTiyn: pack.totals.gmvTiyn, ordersCompleted: pack.totals.ordersCompleted, items: pack.totals.items, refundedTiyn: pack.totals.refundedTiyn },
      monthsWithSales: pack.monthsWithSales,
      firstSale: pack.firstSaleMonth ? formatMonth(pack.firstSaleMonth, language) : t("pack.noSale"),
      issuedBy: t("pack.issuedBy", { platform, village: villageName }),
      confirm: t("pack.confirm", { village: villageName, reference: pack.reference }),
    },
    // A statement about a person's income: never kept by a shared cache.
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function EvidencePack() {
  const loaded = useLoaderData<typeof loader>();
  const { t } = useTranslation("evidence");
  const back = (
    <p className="no-print">
      <Link to={`/coordinator/${loaded.slug}/evidence`}>← {t("pack.back")}</Link>
    </p>
  );
  if (!loaded.ok) {
    return (
      <>
        {back}
        <h1>{loaded.title}</h1>
        <p>{t("noConsent.body")}</p>
      </>
    );
  }
  return (
    <>
      {back}
      <p className="no-print notice">{t("pack.printHint")}</p>
      <article className="evidence-pack" aria-labelledby="pack-title">
        <h1 id="pack-title">{loaded.title}</h1>
        <dl className="facts">
          <div>
            <dt>{t("pack.shop")}</dt>
            <dd>{loaded.shop}</dd>
          </div>
          <div>
            <dt>{t("pack.village")}</dt>
            <dd>{loaded.village}</dd>
          </div>
          <div>
            <dt>{t("pack.purpose")}</dt>
            <dd>{loaded.purpose}</dd>
          </div>
          <div>
            <dt>{t("pack.consent")}</dt>
            <dd>{loaded.consentPeriod}</dd>
          </div>
          <div>
            <dt>{t("pack.reference")}</dt>
            <dd>
              <strong className="evidence-reference">{loaded.reference}</strong>
            </dd>
          </div>
          <div>
            <dt>{t("pack.printedOn")}</dt>
            <dd>{loaded.printedOn}</dd>
          </div>
        </dl>
        <h2>{t("pack.months")}</h2>
        <div className="scroll">
          <table className="table evidence-table">
            <thead>
              <tr>
                <th scope="col">{t("pack.month")}</th>
                <th scope="col" className="number">
                  {t("pack.gmv")}
                </th>
                <th scope="col" className="number">
                  {t("pack.orders")}
                </th>
                <th scope="col" className="number">
                  {t("pack.items")}
                </th>
                <th scope="col" className="number">
                  {t("pack.refunded")}
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.label}</th>
                  <td className="number">{m.gmv}</td>
                  <td className="number">{m.orders}</td>
                  <td className="number">{m.items}</td>
                  <td className="number">{m.refunded}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("pack.total")}</th>
                <td className="number">{loaded.totals.gmv}</td>
                <td className="number">{loaded.totals.orders}</td>
                <td className="number">{loaded.totals.items}</td>
                <td className="number">{loaded.totals.refunded}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <dl className="facts">
          <div>
            <dt>{t("pack.monthsWithSales")}</dt>
            <dd>{t("pack.monthsWithSalesValue", { count: loaded.monthsWithSales })}</dd>
          </div>
          <div>
            <dt>{t("pack.firstSale")}</dt>
            <dd>{loaded.firstSale}</dd>
          </div>
        </dl>
        <p className="evidence-note">{t("pack.definitions")}</p>
        <p className="evidence-note">{loaded.issuedBy}</p>
        <p className="evidence-note">
          <strong>{loaded.confirm}</strong>
        </p>
      </article>
    </>
  );
}
