import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { parseOrNotFound } from "~/web/params";
import { formatPhone } from "~/domain/identity/phone";
import type { PickupPointErrors, PickupPointValues } from "~/domain/logistics/pickup-point-rules";
import { refusalKey } from "~/i18n/refusals";
import { parsePickupPointValues, pickupPointValues, readPickupPointValues } from "~/web/pickup-point-form";
import { appointOperator, getPickupPoint, listPickupPointOperators, revokeOperator, updatePickupPoint } from "~/domain/logistics/pickup-points.server";
import { formatDate } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { PickupPointForm } from "~/ui/pickup-points";
import { villageOrNotFound } from "~/web/village.server";

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The village, the coordinator's right to manage its points, then the point itself (another village's is missing). */
function requirePoint(request: Request, params: { village?: string; id?: string }) {
  const village = villageOrNotFound(params.village);
  const actor = requireActor(request, "pickup_points.manage", () => ({ type: "village", villageId: village.id }));
  const point = getPickupPoint(getDb(), parseOrNotFound(idParam, params.id));
  if (!point || point.villageId !== village.id) throw new Response(null, { status: 404 });
  return { actor, village, point };
}

const DONE = ["created", "saved", "appointed", "revoked"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village, point } = requirePoint(request, params);
  const { language, t } = await getT(request, "logistics");
  const done = new URL(request.url).searchParams.get("done");
  return {
    title: t("coordinator.editTitle", { name: point.name }),
    language,
    village,
    point: { id: point.id, name: point.name, values: pickupPointValues(point) },
    operators: listPickupPointOperators(getDb(), point.id).map((operator) => ({
      grantId: operator.grantId,
      name: operator.displayName,
      phone: operator.phone ? formatPhone(operator.phone) : "",
      since: formatDate(operator.grantedAt, language),
    })),
    done: DONE.find((d) => d === done) ?? null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

type Failure =
  | { intent: "save"; values: PickupPointValues; errors: PickupPointErrors }
  | { intent: "appoint"; phone: string; error: string }
  | { intent: "revoke"; error: string };

/** Save the point, appoint an operator by phone, or remove one. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { actor, village, point } = requirePoint(request, params);
  const db = getDb();
  const now = new Date();
  const back = (done: (typeof DONE)[number]) => redirect(`/coordinator/${village.slug}/pickup-points/${point.id}?done=${done}`, 303);
  const fail = (failure: Failure) => data(failure, { status: 400 });
  switch (form.get("intent")) {
    case "save": {
      const values = readPickupPointValues(form);
      const parsed = parsePickupPointValues(values);
      if (!parsed.ok) return fail({ intent: "save", values, errors: parsed.errors });
      const result = updatePickupPoint(db, { villageId: village.id, pickupPointId: point.id, point: parsed.point });
      if (!result.ok) throw new Response(null, { status: 404 });
      return back("saved");
    }
    case "appoint": {
      const phone = String(form.get("phone") ?? "").slice(0, 40);
      const result = appointOperator(db, { actorUserId: actor.userId, villageId: village.id, pickupPointId: point.id, phone, ip: context.clientIp }, now);
      if (!result.ok) return fail({ intent: "appoint", phone, error: refusalKey(result.reason) });
      return back("appointed");
    }
    case "revoke": {
      const grantId = Number(form.get("grant"));
      if (!Number.isSafeInteger(grantId) || grantId <= 0) throw new Response(null, { status: 400 });
      const result = revokeOperator(db, { actorUserId: actor.userId, villageId: village.id, pickupPointId: point.id, grantId, ip: context.clientIp }, now);
      if (!result.ok) return fail({ intent: "revoke", error: refusalKey(result.reason) });
      return back("revoked");
    }
    default:
      throw new Response(null, { status: 400 });
  }
}

export default function EditPickupPoint() {
  const { title, language, village, point, operators, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failure | undefined;
  const { t } = useTranslation("logistics");
  const appointError = failed?.intent === "appoint" ? failed.error : undefined;
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}/pickup-points`}>
          ← {t("coordinator.backToList")} · {localized(village, "name", language)}
        </Link>
      </p>
      <h1>{title}</h1>
      {done ? <FormMessage tone="ok">{t(`coordinator.done.${done}`)}</FormMessage> : null}
      <PickupPointForm
        values={failed?.intent === "save" ? failed.values : point.values}
        errors={failed?.intent === "save" ? failed.errors : {}}
        intent="save"
        submitLabel={t("form.save")}
      />

      <h2>{t("coordinator.operatorsTitle")}</h2>
      {failed?.intent === "revoke" ? <FormMessage>{t(failed.error)}</FormMessage> : null}
      {operators.length === 0 ? <p className="muted">{t("coordinator.noOperators")}</p> : null}
      <ul className="list">
        {operators.map((operator) => (
          <li key={operator.grantId}>
            <strong>{operator.name || t("coordinator.noName")}</strong> · {operator.phone} ·{" "}
            <span className="muted small">{t("coordinator.operatorSince", { date: operator.since })}</span>{" "}
            <form method="post" className="inline">
              <CsrfInput />
              <input type="hidden" name="grant" value={operator.grantId} />
              <button type="submit" name="intent" value="revoke" className="button secondary small">
                {t("coordinator.revoke")}
              </button>
            </form>
          </li>
        ))}
      </ul>

      <h3>{t("coordinator.appointTitle")}</h3>
      <form method="post" className="form" noValidate>
        <CsrfInput />
        <div className="field">
          <label htmlFor="phone">{t("coordinator.phone")}</label>
          <p id="phone-hint" className="hint">
            {t("coordinator.phoneHint")}
          </p>
          <input
            id="phone"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            maxLength={40}
            required
            defaultValue={failed?.intent === "appoint" ? failed.phone : ""}
            aria-invalid={appointError ? true : undefined}
            aria-describedby={appointError ? "phone-hint phone-error" : "phone-hint"}
            autoFocus={Boolean(appointError)}
          />
          {appointError ? (
            <p id="phone-error" className="field-error">
              {t(appointError)}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="appoint" className="button">
            {t("coordinator.appoint")}
          </button>
        </div>
      </form>
    </>
  );
}
