import type { ActionFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/web/auth.server";
import { FILE_TOO_LARGE, readForm } from "~/web/csrf.server";
import { storePhoto } from "~/domain/catalog/photo-store.server";
import { PHOTO_LIMITS, processPhoto } from "~/domain/catalog/photos.server";
import { getT } from "~/web/language.server";
import { refusalKey } from "~/i18n/refusals";

/**
 * One photo uploaded by the listing form's script (JavaScript on), before the
 * form itself is sent: checked, re-encoded and stored; the answer is its hash
 * (the form then sends it as `kept`) or a translated reason. Sellers and
 * coordinators only.
 */
export async function action({ request }: ActionFunctionArgs) {
  requireActor(request, "photo.upload");
  const form = await readForm(request, { maxFileBytes: PHOTO_LIMITS.maxBytes, maxFiles: 1 });
  const { t } = await getT(request, "catalog");
  const file = form.get("photo");
  if (typeof file === "string" && file.startsWith(FILE_TOO_LARGE)) {
    return Response.json({ error: t("errors.photo.too_large") }, { status: 400 });
  }
  if (!file || typeof file === "string") return Response.json({ error: t("errors.photos_none") }, { status: 400 });
  const result = await processPhoto(Buffer.from(await file.arrayBuffer()));
  if (!result.ok) return Response.json({ error: t(refusalKey(result.reason)) }, { status: 400 });
  await storePhoto(result.photo);
  return Response.json({ hash: result.photo.hash, width: result.photo.width, height: result.photo.height });
}
