import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { findPrintedReference, listVillageEvidence } from "~/domain/insights/evidence.server";
import { formatDate } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { FormMessage } from "~/ui/form";
import { villageOrNotFound } from "~/web/village.server";
import { refusalKey } from "~/i18n/refusals";

/**
 * The village's sellers with a consent in force, for their coordinator, and a
 * GET form that confirms a printed statement's reference for a lender.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const village = villageOrNotFound(params.village);
  requireActor(request, "evidence.print", () => ({ type: "village", villageId: village.id }));
  const { language, t } = await getT(request, "evidence");
  const db = getDb();
  const reference = (new URL(request.url).searchParams.get("reference") ?? "").slice(0, 100);
  const found = reference.trim() ? findPrintedReference(db, village.id, reference) : null;
  const body = {
    title: t("coordinator.title", { village: localized(village, "name", language) }),
    slug: village.slug,
    reference,
    check: found
      ? found.ok
        ? { ok: true as const, text: t("coordinator.confirmed", { reference: found.reference, date: formatDate(found.printedAt, language), shop: found.name ?? "—", purpose: found.purpose }) }
        : { ok: false as const, text: t(refusalKey(found.reason)) }
      : null,
    consents: listVillageEvidence(db, village.id, new Date()).map((c) => ({
      consentId: c.consentId,
      sellerId: c.sellerId,
      name: c.name ?? "—",
      purpose: c.purpose,
      given: formatDate(c.givenAt, language),
      expires: formatDate(c.expiresAt, language),
    })),
  };
  // A malformed reference is bad input: say so with a 400, keeping what was typed.
  return data(body, { status: found && !found.ok && found.reason === "evidence.reference_invalid" ? 400 : 200 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export default function VillageEvidence() {
  const { title, slug, reference, check, consents } = useLoaderData<typeof loader>();
  const { t } = useTranslation("evidence");
  return (
    <>
      <p>
        <Link to={`/coordinator/${slug}`}>← {t("coordinator.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("coordinator.intro")}</p>
      {consents.length === 0 ? (
        <p>{t("coordinator.none")}</p>
      ) : (
        <div className="scroll">
          <table className="table hidden-header-table">
            <thead>
              <tr>
                <th scope="col">{t("coordinator.shop")}</th>
                <th scope="col">{t("coordinator.purpose")}</th>
                <th scope="col">{t("coordinator.given")}</th>
                <th scope="col">{t("coordinator.expires")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("coordinator.open")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {consents.map((c) => (
                <tr key={c.consentId}>
                  <th scope="row">{c.name}</th>
                  <td>{c.purpose}</td>
                  <td>{c.given}</td>
                  <td>{c.expires}</td>
                  <td>
                    <Link to={`/coordinator/${slug}/evidence/${c.sellerId}`}>{t("coordinator.open")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="panel" aria-labelledby="check-reference">
        <h2 id="check-reference">{t("coordinator.checkTitle")}</h2>
        <p className="muted">{t("coordinator.checkHint")}</p>
        {check ? <FormMessage tone={check.ok ? "ok" : "error"}>{check.text}</FormMessage> : null}
        <form method="get" className="actions">
          <label htmlFor="reference">{t("coordinator.reference")}</label>{" "}
          <input id="reference" name="reference" type="text" defaultValue={reference} maxLength={40} autoComplete="off" aria-invalid={check && !check.ok ? true : undefined} />{" "}
          <button type="submit" className="button secondary small">
            {t("coordinator.check")}
          </button>
        </form>
      </section>
    </>
  );
}
