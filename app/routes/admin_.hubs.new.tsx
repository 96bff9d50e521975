import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/web/auth.server";
import { readVillagePage, VILLAGE_PAGE_UPLOADS } from "~/web/village-page-form.server";
import { getDb } from "~/db.server";
import { openHub } from "~/domain/geo/hubs.server";
import { getSettlement } from "~/domain/geo/settlements.server";
import { settlementTypeKey } from "~/domain/geo/vocabulary";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { refusalKey } from "~/i18n/refusals";
import { FormMessage } from "~/ui/form";
import { VillagePageForm } from "~/ui/village-page-form";
import { withUploads } from "~/web/uploads.server";

const codeParam = z.string().regex(/^\d{9}$/);

/** The settlement named by `?code=`, or a 404; one that has a hub already sends the admin to it. */
function settlementOrNotFound(request: Request) {
  const code = codeParam.safeParse(new URL(request.url).searchParams.get("code"));
  const settlement = code.success ? getSettlement(getDb(), code.data) : undefined;
  if (!settlement) throw new Response(null, { status: 404 });
  if (settlement.hubSlug) throw redirect(`/admin/hubs?q=${settlement.code}`, 303);
  return settlement;
}

export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "hubs.manage");
  const settlement = settlementOrNotFound(request);
  const { language, t } = await getT(request, "geo");
  return { title: t("hubs.newTitle", { village: localized(settlement, "name", language) }), language, settlement };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

/** Opens the hub with its page; on a mistake the form comes back with what was typed and the photo kept. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, "hubs.manage");
  const settlement = settlementOrNotFound(request);
  return withUploads(request, VILLAGE_PAGE_UPLOADS, actor.userId, async (form) => {
    const now = new Date();
    const posted = await readVillagePage(form, actor.userId, now);
    const photo = posted.photo ? { ...posted.photo, kept: true } : null;
    if (!posted.page) return data({ values: posted.values, errors: posted.errors, photo, refusal: null }, { status: 400 });
    const result = openHub(getDb(), { actorUserId: actor.userId, code: settlement.code, page: posted.page, photo: posted.photo, ip: context.clientIp }, now);
    if (!result.ok) return data({ values: posted.values, errors: {}, photo, refusal: refusalKey(result.reason) }, { status: 409 });
    return redirect(`/admin/hubs?done=opened&hub=${result.slug}#hub-${result.slug}`, 303);
  });
}

export default function OpenHub() {
  const { title, language, settlement } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("geo");
  return (
    <>
      <p>
        <Link to="/admin/hubs">← {t("hubs.title")}</Link>
      </p>
      <h1>{title}</h1>
      <dl className="facts">
        <div>
          <dt>{t("hubs.kind")}</dt>
          <dd>{t(settlementTypeKey(settlement.typeRu))}</dd>
        </div>
        {settlement.okrug ? (
          <div>
            <dt>{t("hubs.okrug")}</dt>
            <dd>{localized(settlement.okrug, "name", language)}</dd>
          </div>
        ) : null}
        {settlement.district ? (
          <div>
            <dt>{t("village.district")}</dt>
            <dd>{localized(settlement.district, "name", language)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("village.region")}</dt>
          <dd>{localized(settlement.region, "name", language)}</dd>
        </div>
        <div>
          <dt>{t("hubs.kato")}</dt>
          <dd>{settlement.code}</dd>
        </div>
      </dl>
      <p className="muted">{t("hubs.newIntro")}</p>
      {failed?.refusal ? <FormMessage>{t(failed.refusal)}</FormMessage> : null}
      <VillagePageForm values={failed?.values ?? {}} errors={failed?.errors ?? {}} photo={failed?.photo ?? null} submitLabel={t("hubs.submit")} />
    </>
  );
}
