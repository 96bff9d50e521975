import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/db.server";
import { getLaneOfHub, getLanePayee, laneStatement, setLanePayee } from "~/domain/payouts/lane-payees.server";
import { LANE_PAYEE_KINDS } from "~/domain/payouts/vocabulary";
import { formatMoney } from "~/i18n/money";
import { refusalKeys } from "~/i18n/refusals";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { AccountFields } from "~/ui/payout-destination-form";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getT } from "~/web/language.server";
import { villageOrNotFound } from "~/web/village.server";

/**
 * Who receives a lane's delivery fees (decision 0037-carrier-payouts): the
 * hub's coordinator, or an admin, records the carrier's (or the cooperative's
 * own) bank account; the payout batch pays the lane's balance there. Above the
 * form: what the lane earned, what was paid, what is on its way and what is owed.
 */
function hubLane(request: Request, slug: string | undefined, param: string | undefined) {
  const village = villageOrNotFound(slug);
  const lane = /^\d{1,9}$/.test(param ?? "") ? getLaneOfHub(getDb(), Number(param)) : null;
  if (!lane || lane.villageId !== village.id) throw new Response(null, { status: 404 });
  const actor = requireActor(request, "lane.payee.set", () => ({ type: "village", villageId: village.id }));
  return { actor, village, lane };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village, lane } = hubLane(request, params.village, params.lane);
  const { language, t } = await getT(request, "money");
  const db = getDb();
  return {
    title: t("carrier.title", { carrier: lane.carrierName, point: lane.toPointName }),
    language,
    village,
    lane,
    payee: getLanePayee(db, lane.id),
    statement: laneStatement(db, lane.id),
    done: new URL(request.url).searchParams.get("done"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, village, lane } = hubLane(request, params.village, params.lane);
  const form = await readForm(request);
  const text = (name: string, max: number) => String(form.get(name) ?? "").slice(0, max);
  const values = { kind: text("kind", 20), iban: text("iban", 60), holderName: text("holderName", 200), holderTaxId: text("holderTaxId", 30) };
  const result = setLanePayee(getDb(), { laneId: lane.id, actorUserId: actor.userId, ...values, ip: context.clientIp }, new Date());
  if (!result.ok) return data({ values, errors: refusalKeys(result.errors) }, { status: 400 });
  return redirect(`/coordinator/${village.slug}/lanes/${lane.id}/payee?done=${result.changed ? "saved" : "unchanged"}`, 303);
}

export default function LanePayee() {
  const { title, language, village, lane, payee, statement, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const errors: Partial<Record<"kind" | "iban" | "holderName" | "holderTaxId", string>> = failure?.errors ?? {};
  const first = (["kind", "iban", "holderName", "holderTaxId"] as const).find((f) => errors[f]);
  const kind = failure?.values.kind ?? payee?.kind ?? (lane.carrierKind === "own_van" ? "cooperative" : "carrier");
  const money = (tiyn: number) => formatMoney(tiyn, language);
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}/lanes`}>← {t("carrier.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("carrier.intro")}</p>
      {done === "saved" ? <FormMessage tone="ok">{t("carrier.saved")}</FormMessage> : null}
      {done === "unchanged" ? <FormMessage tone="ok">{t("seller.destination.unchanged")}</FormMessage> : null}

      <h2>{t("carrier.statement.title")}</h2>
      <dl className="facts">
        {(["earned", "paid", "inFlight", "owed"] as const).map((row) => (
          <div key={row}>
            <dt>{t(`carrier.statement.${row}`)}</dt>
            <dd>{row === "owed" ? <strong>{money(statement.owedTiyn)}</strong> : money(statement[`${row}Tiyn`])}</dd>
          </div>
        ))}
      </dl>

      <h2 id="payee">{t("carrier.payee")}</h2>
      {payee ? (
        <p>
          <strong>
            {t(`carrier.kind.${payee.kind}`)}: {payee.holderName}, {payee.holderTaxIdMasked}, {payee.ibanMasked} ({payee.bankName})
          </strong>
        </p>
      ) : (
        <p>{t("carrier.none")}</p>
      )}
      <Form method="post" className="form" noValidate aria-labelledby="payee">
        <CsrfInput />
        <fieldset className="choices" aria-invalid={errors.kind ? true : undefined} aria-describedby={errors.kind ? "kind-error" : undefined}>
          <legend>{t("carrier.who")}</legend>
          {LANE_PAYEE_KINDS.map((k) => (
            <label key={k} className="choice">
              <input type="radio" name="kind" value={k} defaultChecked={kind === k} autoFocus={first === "kind" && k === LANE_PAYEE_KINDS[0]} />
              <span>
                <strong>{t(`carrier.kind.${k}`)}</strong>
                <br />
                <span className="small">{t(`carrier.kindHint.${k}`)}</span>
              </span>
            </label>
          ))}
          {errors.kind ? (
            <p className="field-error" id="kind-error">
              {t(errors.kind)}
            </p>
          ) : null}
        </fieldset>
        <AccountFields values={failure?.values} errors={errors} first={first} labels={{ holderName: "carrier.holderName", holderTaxId: "carrier.holderTaxId" }} />
        <button type="submit" className="button">
          {t("carrier.save")}
        </button>
      </Form>
    </>
  );
}
