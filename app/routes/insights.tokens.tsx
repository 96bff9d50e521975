import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { LABEL_MAX_LENGTH } from "~/domain/insights/api-token-rules";
import { createApiToken, listApiTokens, revokeApiToken } from "~/domain/insights/api-tokens.server";
import { formatDateTime } from "~/i18n/format";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { refusalKey } from "~/i18n/refusals";

/** An analyst's tokens for the open data API (issue 6 §5): make one (shown once), see when each was used, revoke. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "api_tokens.manage");
  const { language, t } = await getT(request, "api");
  const url = new URL(request.url);
  return {
    title: t("tokens.title"),
    revoked: url.searchParams.get("done") === "revoked",
    origin: url.origin,
    tokens: listApiTokens(getDb(), actor.userId).map((token) => ({
      id: token.id,
      label: token.label,
      created: formatDateTime(token.createdAt, language),
      lastUsed: token.lastUsedAt ? formatDateTime(token.lastUsedAt, language) : null,
      revoked: token.revokedAt ? formatDateTime(token.revokedAt, language) : null,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

// The page that shows a new token must not stay in any cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const actor = requireActor(request, "api_tokens.manage");
  const db = getDb();
  const now = new Date();
  const intent = String(form.get("intent") ?? "");
  if (intent === "revoke") {
    const tokenId = Number(form.get("tokenId"));
    if (!Number.isSafeInteger(tokenId) || tokenId <= 0) throw new Response(null, { status: 400 });
    // Another person's token is answered as missing.
    if (!revokeApiToken(db, { userId: actor.userId, tokenId, ip: context.clientIp ?? null }, now).ok) throw new Response(null, { status: 404 });
    return redirect("/insights/tokens?done=revoked", 303);
  }
  if (intent !== "create") throw new Response(null, { status: 400 });
  const label = String(form.get("label") ?? "").slice(0, 1000);
  const created = createApiToken(db, { userId: actor.userId, label, ip: context.clientIp ?? null }, now);
  if (!created.ok) return data({ label, error: created.reason, token: null }, { status: 400, headers: { "Cache-Control": "no-store" } });
  // Shown in this answer only: the database keeps its hash.
  return data({ label: created.label, error: null, token: created.token }, { headers: { "Cache-Control": "no-store" } });
}

export default function ApiTokens() {
  const { title, revoked, origin, tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("api");
  const error = actionData?.error ? t(refusalKey(actionData.error)) : null;
  return (
    <>
      <p>
        <Link to="/insights">← {t("tokens.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t("tokens.intro")}</p>
      <p className="muted">{t("tokens.privacy")}</p>
      {revoked ? <FormMessage tone="ok">{t("tokens.revokedDone")}</FormMessage> : null}
      {actionData?.token ? (
        <section className="panel code-panel" aria-labelledby="new-token">
          <h2 id="new-token">{t("tokens.newTitle", { label: actionData.label })}</h2>
          <p>{t("tokens.newHint")}</p>
          <p>
            <code className="api-token">{actionData.token}</code>
          </p>
          <p className="muted">{t("tokens.example")}</p>
          <pre className="api-example">{`curl -H "Authorization: Bearer ${actionData.token}" ${origin}/api/v1/country?months=6`}</pre>
        </section>
      ) : null}

      <h2>{t("tokens.createTitle")}</h2>
      <form method="post" className="form" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <div className="field">
          <label htmlFor="label">{t("tokens.label")}</label>
          <p id="label-hint" className="hint">
            {t("tokens.labelHint")}
          </p>
          <input
            id="label"
            name="label"
            type="text"
            maxLength={LABEL_MAX_LENGTH}
            required
            defaultValue={actionData?.error ? actionData.label : ""}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "label-hint label-error" : "label-hint"}
            autoFocus={Boolean(error)}
          />
          {error ? (
            <p id="label-error" className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t("tokens.create")}
        </button>
      </form>

      <h2>{t("tokens.listTitle")}</h2>
      {tokens.length === 0 ? (
        <p className="muted">{t("tokens.none")}</p>
      ) : (
        <div className="scroll">
          <table className="table hidden-header-table">
            <thead>
              <tr>
                <th scope="col">{t("tokens.label")}</th>
                <th scope="col">{t("tokens.created")}</th>
                <th scope="col">{t("tokens.lastUsed")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("tokens.revoke")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.label}</th>
                  <td>{token.created}</td>
                  <td>{token.lastUsed ?? t("tokens.never")}</td>
                  <td>
                    {token.revoked ? (
                      <span className="muted">{t("tokens.revokedOn", { date: token.revoked })}</span>
                    ) : (
                      <form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={token.id} />
                        <button type="submit" className="button secondary small" aria-label={t("tokens.revokeLabel", { label: token.label })}>
                          {t("tokens.revoke")}
                        </button>
                      </form>
                    )}
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
