import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { heldPastDeadline } from "~/domain/orders/order-views.server";
import { formatDateTime } from "~/i18n/format";
import { localized } from "~/i18n/localized";
import { formatMoney } from "~/i18n/money";
import { getT } from "~/web/language.server";

const DAY_MS = 86_400_000;

/** The admins' queue (issue 14 §2): money held past its deadline, with each order's age and state. */
export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "orders.held.view");
  const { language, t } = await getT(request, "orders");
  const now = new Date();
  const rows = heldPastDeadline(getDb(), now).map((row) => ({
    id: row.id,
    status: row.status,
    deadlineKind: row.deadlineKind,
    heldTiyn: row.heldTiyn,
    lateSince: row.lateSince,
    ageDays: Math.floor((now.getTime() - row.createdAt.getTime()) / DAY_MS),
    sellerName: row.sellerName ?? "",
    village: localized({ nameKk: row.villageKk, nameRu: row.villageRu, nameEn: row.villageEn }, "name", language),
  }));
  return { title: t("held.title"), language, rows };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export const headers = () => ({ "Cache-Control": "no-store" });

export default function HeldPastDeadline() {
  const { title, language, rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation("orders");
  return (
    <>
      <p>
        <Link to="/admin">← {t("identity:admin.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("held.intro")}</p>
      {rows.length === 0 ? (
        <p>{t("held.none")}</p>
      ) : (
        <div className="scroll">
          <table className="table held">
            <thead>
              <tr>
                <th scope="col">{t("held.order")}</th>
                <th scope="col">{t("held.state")}</th>
                <th scope="col">{t("held.held")}</th>
                <th scope="col">{t("held.late")}</th>
                <th scope="col">{t("held.age")}</th>
                <th scope="col">{t("held.village")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/orders/${row.id}`}>{t("order.title", { id: row.id })}</Link>
                  </td>
                  <td>
                    {t(`status.${row.status}`)}
                    {row.deadlineKind ? <span className="small muted"> · {t(`deadlineShort.${row.deadlineKind}`)}</span> : null}
                  </td>
                  <td>{formatMoney(row.heldTiyn, language)}</td>
                  <td>{row.lateSince ? formatDateTime(new Date(row.lateSince), language) : null}</td>
                  <td>{t("held.days", { count: row.ageDays })}</td>
                  <td>
                    {row.sellerName} · {row.village}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
