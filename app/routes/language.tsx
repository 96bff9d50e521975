import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/identity/can";
import { setPreferredLanguage } from "~/domain/identity/users.server";
import { LANGUAGES } from "~/i18n/config";
import { serializeLanguageCookie } from "~/web/language.server";

/** Only a path on this site: never "//other.host" or an absolute URL. */
const localPath = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])/)
  .catch("/");

const form = z.object({ lng: z.enum(LANGUAGES), redirectTo: localPath });

/**
 * The language switcher's target: remembers the choice in a cookie and goes
 * back; a signed-in person's profile (and so their SMS) follows the choice.
 */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = form.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response(null, { status: 400 });
  const actor = getActor(request);
  if (actor && can(actor, "profile.edit", { type: "user", userId: actor.userId }).ok) {
    setPreferredLanguage(getDb(), actor.userId, parsed.data.lng);
  }
  return redirect(parsed.data.redirectTo, {
    status: 303,
    headers: { "Set-Cookie": await serializeLanguageCookie(request, parsed.data.lng) },
  });
}

export function loader() {
  throw new Response(null, { status: 405 });
}

/** Never rendered: a UI route so that refusals show the shared, translated error page. */
export default function Language() {
  return null;
}
