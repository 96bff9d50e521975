import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/web/auth.server";
import { getDb } from "~/db.server";
import { exportUserData } from "~/domain/identity/users.server";

/** "Download my data": everything the hub holds about the person, as JSON. */
export function loader({ request }: LoaderFunctionArgs) {
  const actor = requireActor(request, "profile.export", (a) => ({ type: "user", userId: a.userId }));
  const exported = exportUserData(getDb(), actor.userId);
  if (!exported) throw new Response(null, { status: 404 });
  return new Response(JSON.stringify({ exportedAt: new Date(), ...exported }, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="auyl-hub-my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
