import type { LoaderFunctionArgs } from "@remix-run/node";
import { PHOTO_NAME, readPhotoFile } from "~/domain/catalog/photo-store.server";

/**
 * A listing photo (SEC-10). Names are content hashes, so a file never changes:
 * cached for a year. Only names of the exact stored form are looked up.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const name = params.name ?? "";
  const file = PHOTO_NAME.test(name) ? await readPhotoFile(name) : null;
  if (!file) return new Response(null, { status: 404, headers: { "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" } });
  return new Response(new Uint8Array(file), {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(file.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": `inline; filename="${name}"`,
    },
  });
}
