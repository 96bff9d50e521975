import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { requireActor } from "~/web/auth.server";
import { FILE_BUSY, FILE_TOO_LARGE, uploadedPath, withUploads } from "~/web/uploads.server";
import { PHOTO_UPLOAD } from "~/web/listing-form.server";
import { stagePhoto } from "~/domain/catalog/photo-staging.server";
import { processPhoto } from "~/domain/catalog/photos.server";
import { getT } from "~/web/language.server";
import { refusalKey } from "~/i18n/refusals";

/** How long the page's script waits before sending a photo refused with 429 again. */
const RETRY_AFTER_SECONDS = 3;

/**
 * One photo uploaded by the listing form's script (JavaScript on), before the
 * form itself is sent: checked, re-encoded and staged (its files kept for a
 * day unless a listing takes it); the answer is its hash (the form then sends
 * it as `kept`) or a translated reason. While the person's other uploads run,
 * 429 with Retry-After: the script waits and sends it again. Sellers and
 * coordinators only.
 */
export async function action({ request }: ActionFunctionArgs) {
  const actor = requireActor(request, "photo.upload");
  return withUploads(request, PHOTO_UPLOAD, actor.userId, async (form) => {
    const { t } = await getT(request, "catalog");
    const file = form.get("photo");
    if (typeof file === "string" && file.startsWith(FILE_BUSY)) {
      return Response.json({ error: t("errors.photo.busy") }, { status: 429, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } });
    }
    if (typeof file === "string" && file.startsWith(FILE_TOO_LARGE)) {
      return Response.json({ error: t("errors.photo.too_large") }, { status: 400 });
    }
    if (!file || typeof file === "string") return Response.json({ error: t("errors.photos_none") }, { status: 400 });
    const result = await processPhoto(uploadedPath(file) ?? Buffer.from(await file.arrayBuffer()));
    if (!result.ok) return Response.json({ error: t(refusalKey(result.reason)) }, { status: 400 });
    await stagePhoto(getDb(), result.photo, actor.userId, new Date());
    return Response.json({ hash: result.photo.hash, width: result.photo.width, height: result.photo.height });
  });
}
