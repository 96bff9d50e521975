import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearSessionCookie, readSessionToken, requireAllowed } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { signOut } from "~/domain/identity/users.server";

/** Signs this browser out: the session row is deleted, so a replayed cookie is worth nothing. */
export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request);
  requireAllowed(request, "signout");
  const token = readSessionToken(request);
  if (token) signOut(getDb(), { token, ip: context.clientIp }, new Date());
  return redirect("/", { status: 303, headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export function loader() {
  throw new Response(null, { status: 405 });
}

/** Never rendered: a UI route so that refusals show the shared, translated error page. */
export default function SignOut() {
  return null;
}
