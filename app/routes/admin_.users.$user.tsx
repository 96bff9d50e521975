import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { formatPhone } from "~/domain/identity/phone";
import { GRANTABLE_ROLES } from "~/domain/identity/can";
import {
  getUser,
  grantRole,
  listGrantsOf,
  listRegionChoices,
  listVillageChoices,
  revokeRole,
  setUserDisabled,
} from "~/domain/identity/users.server";
import { formatDate } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";

const userParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

function userOrNotFound(value: string | undefined) {
  const id = userParam.safeParse(value);
  const user = id.success ? getUser(getDb(), id.data) : undefined;
  if (!user || user.deletedAt) throw new Response(null, { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  requireActor(request, "admin.users");
  const user = userOrNotFound(params.user);
  const { language, t } = await getT(request, "identity");
  const db = getDb();
  return {
    title: t("admin.userTitle"),
    language,
    user: { id: user.id, phone: user.phone ? formatPhone(user.phone) : "", displayName: user.displayName, disabled: Boolean(user.disabledAt), createdAt: user.createdAt },
    grants: listGrantsOf(db, user.id),
    villages: listVillageChoices(db),
    regions: listRegionChoices(db),
    done: new URL(request.url).searchParams.get("done"),
    // Sent here from a village hub: the grant form is ready to appoint its coordinator.
    appointIn: Number(new URL(request.url).searchParams.get("village")) || null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

const grantForm = z.object({
  role: z.enum(GRANTABLE_ROLES),
  village: z.coerce.number().int().positive().optional().catch(undefined),
  region: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const now = new Date();
  const db = getDb();
  const ip = context.clientIp;
  if (intent === "grant" || intent === "revoke") {
    const actor = requireActor(request, "admin.roles");
    const user = userOrNotFound(params.user);
    if (intent === "revoke") {
      const result = revokeRole(db, { actorUserId: actor.userId, userId: user.id, grantId: Number(form.get("grant")), ip }, now);
      if (!result.ok) return data({ error: result.reason }, { status: 400 });
      return redirect(`/admin/users/${user.id}?done=revoked`, 303);
    }
    const parsed = grantForm.safeParse({ role: form.get("role"), village: form.get("village") || undefined, region: form.get("region") || undefined });
    if (!parsed.success) return data({ error: "identity.role_required" }, { status: 400 });
    const result = grantRole(db, { actorUserId: actor.userId, userId: user.id, role: parsed.data.role, villageId: parsed.data.village, regionId: parsed.data.region, ip }, now);
    if (!result.ok) return data({ error: result.reason }, { status: 400 });
    return redirect(`/admin/users/${user.id}?done=granted`, 303);
  }
  if (intent === "disable" || intent === "enable") {
    const actor = requireActor(request, "admin.disable");
    const user = userOrNotFound(params.user);
    const result = setUserDisabled(db, { actorUserId: actor.userId, userId: user.id, disabled: intent === "disable", ip }, now);
    if (!result.ok) return data({ error: result.reason }, { status: 400 });
    return redirect(`/admin/users/${user.id}?done=${intent}d`, 303);
  }
  throw new Response(null, { status: 400 });
}

export default function AdminUser() {
  const { language, user, grants, villages, regions, done, appointIn } = useLoaderData<typeof loader>();
  const appointVillage = villages.find((village) => village.id === appointIn);
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("identity");
  return (
    <>
      <p>
        <Link to="/admin">{t("admin.title")}</Link>
      </p>
      <h1>
        {user.displayName ?? t("admin.noName")} <span className="muted">{user.phone}</span>
      </h1>
      {done === "granted" || done === "revoked" || done === "disabled" || done === "enabled" ? <FormMessage tone="ok">{t(`admin.done.${done}`)}</FormMessage> : null}
      {actionData ? <FormMessage>{t(actionData.error)}</FormMessage> : null}
      <dl className="facts">
        <div>
          <dt>{t("admin.since")}</dt>
          <dd>{formatDate(user.createdAt, language)}</dd>
        </div>
        <div>
          <dt>{t("admin.state")}</dt>
          <dd>{user.disabled ? t("admin.disabled") : t("admin.active")}</dd>
        </div>
      </dl>

      <h2>{t("admin.roles")}</h2>
      {grants.length === 0 ? <p className="muted">{t("admin.noRoles")}</p> : null}
      <ul className="list">
        {grants.map((grant) => (
          <li key={grant.id}>
            {t(`role.${grant.role}`)}
            {grant.village ? ` @ ${localized(grant.village, "name", language)}` : null}
            {grant.region ? ` @ ${localized(grant.region, "name", language)}` : null}
            {grant.role === "analyst" && !grant.region ? ` @ ${t("admin.national")}` : null}
            {grant.role === "operator" && grant.pickupPointId ? ` @ #${grant.pickupPointId}` : null}{" "}
            <form method="post" className="inline">
              <CsrfInput />
              <input type="hidden" name="grant" value={grant.id} />
              <button type="submit" name="intent" value="revoke" className="button secondary small">
                {t("admin.revoke")}
              </button>
            </form>
          </li>
        ))}
      </ul>

      <h2>{t("admin.grantTitle")}</h2>
      <form method="post" className="form">
        <CsrfInput />
        <div className="field">
          <label htmlFor="role">{t("admin.role")}</label>
          <select id="role" name="role" required defaultValue={appointVillage ? "coordinator" : undefined}>
            {GRANTABLE_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="village">{t("admin.village")}</label>
          <p id="village-hint" className="hint">
            {t("admin.villageHint")}
          </p>
          <select id="village" name="village" aria-describedby="village-hint" defaultValue={appointVillage ? String(appointVillage.id) : ""}>
            <option value="">—</option>
            {villages.map((village) => (
              <option key={village.id} value={village.id}>
                {localized(village, "name", language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="region">{t("admin.region")}</label>
          <p id="region-hint" className="hint">
            {t("admin.regionHint")}
          </p>
          <select id="region" name="region" aria-describedby="region-hint">
            <option value="">{t("admin.national")}</option>
            {regions.map((region) => (
              <option key={region.id} value={region.id}>
                {localized(region, "name", language)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" name="intent" value="grant" className="button">
          {t("admin.grant")}
        </button>
      </form>

      <h2>{t("admin.accessTitle")}</h2>
      <form method="post">
        <CsrfInput />
        {user.disabled ? (
          <button type="submit" name="intent" value="enable" className="button secondary">
            {t("admin.enable")}
          </button>
        ) : (
          <button type="submit" name="intent" value="disable" className="button danger">
            {t("admin.disable")}
          </button>
        )}
      </form>
    </>
  );
}
