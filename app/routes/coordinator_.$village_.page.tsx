import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readVillagePage, VILLAGE_PAGE_UPLOADS, villagePageValues } from "~/web/village-page-form.server";
import { villageOrNotFound } from "~/web/village.server";
import { getDb } from "~/db.server";
import { getVillagePage, updateVillagePage } from "~/domain/geo/hubs.server";
import { getT } from "~/web/language.server";
import { localized } from "~/i18n/localized";
import { FormMessage } from "~/ui/form";
import { VillagePageForm } from "~/ui/village-page-form";
import { withUploads } from "~/web/uploads.server";

/** The village's public page as its coordinator keeps it: households, what it is known for, its story, its photo. */
function requireEditor(request: Request, slug: string | undefined) {
  const village = villageOrNotFound(slug);
  const actor = requireActor(request, "village.page.edit", () => ({ type: "village", villageId: village.id }));
  const page = getVillagePage(getDb(), village.id);
  if (!page) throw new Response(null, { status: 404 });
  return { actor, village, page };
}

const currentPhoto = (page: { photoHash: string | null; photoWidth: number | null; photoHeight: number | null }) =>
  page.photoHash && page.photoWidth && page.photoHeight ? { hash: page.photoHash, width: page.photoWidth, height: page.photoHeight, kept: false } : null;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village, page } = requireEditor(request, params.village);
  const { language, t } = await getT(request, "geo");
  return {
    title: t("page.title", { village: localized(village, "name", language) }),
    village,
    values: villagePageValues(page),
    photo: currentPhoto(page),
    saved: new URL(request.url).searchParams.get("done") === "saved",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Who may edit is settled before any uploaded photo is read.
  const { actor, village, page } = requireEditor(request, params.village);
  return withUploads(request, VILLAGE_PAGE_UPLOADS, actor.userId, async (form) => {
    const now = new Date();
    const posted = await readVillagePage(form, actor.userId, now);
    if (!posted.page) {
      const photo = posted.photo ? { ...posted.photo, kept: true } : currentPhoto(page);
      return data({ values: posted.values, errors: posted.errors, photo, removePhoto: posted.removePhoto }, { status: 400 });
    }
    const photo = posted.photo ? { keep: false as const, photo: posted.photo } : posted.removePhoto ? { keep: false as const, photo: null } : { keep: true as const };
    const result = updateVillagePage(getDb(), { actorUserId: actor.userId, villageId: village.id, page: posted.page, photo, ip: context.clientIp }, now);
    if (!result.ok) throw new Response(null, { status: 404 });
    return redirect(`/coordinator/${village.slug}/page?done=saved`, 303);
  });
}

export default function VillagePageEditor() {
  const { title, village, values, photo, saved } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("geo");
  return (
    <>
      <p>
        <Link to={`/coordinator/${village.slug}`}>← {t("logistics:coordinator.back")}</Link>
      </p>
      <h1>{title}</h1>
      {saved && !failed ? <FormMessage tone="ok">{t("page.saved")}</FormMessage> : null}
      <p className="muted">
        {t("page.intro")} <Link to={`/villages/${village.slug}`}>{t("page.view")}</Link>
      </p>
      <VillagePageForm values={failed?.values ?? values} errors={failed?.errors ?? {}} photo={failed ? failed.photo : photo} removePhoto={failed?.removePhoto} submitLabel={t("page.save")} />
    </>
  );
}
