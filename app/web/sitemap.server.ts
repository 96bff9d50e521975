import type { Db } from "../db.server";
import { SITEMAP_KINDS, SITEMAP_PART_SIZE, hasSitemapPart, listSitemapParts, sitemapEntries, type SitemapKind } from "../domain/catalog/sitemap.server";

/**
 * The sitemap protocol's XML (sitemaps.org): an index of parts, each part a
 * urlset written batch by batch into the response, so a part of 50 000 URLs
 * never sits in memory whole.
 */
const NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";
const HEADERS = { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}

/** W3C Datetime to the second, in UTC ("2026-12-03T12:40:00Z"). */
function w3cDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function sitemapPartName(kind: SitemapKind, number: number): string {
  return `${kind}-${number}.xml`;
}

export function sitemapIndexResponse(db: Db, origin: string, partSize = SITEMAP_PART_SIZE): Response {
  const parts = listSitemapParts(db, partSize).map(
    (part) => `<sitemap><loc>${escapeXml(`${origin}/sitemaps/${sitemapPartName(part.kind, part.number)}`)}</loc></sitemap>`,
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NAMESPACE}">\n${parts.join("\n")}\n</sitemapindex>\n`;
  return new Response(xml, { headers: HEADERS });
}

const PART_NAME = new RegExp(`^(${SITEMAP_KINDS.join("|")})-([1-9]\\d{0,5})\\.xml$`);

/** One part by its name (`listings-2.xml`), streamed; a 404 for a name that is not a part now. */
export function sitemapPartResponse(db: Db, origin: string, name: string, partSize = SITEMAP_PART_SIZE): Response {
  const match = PART_NAME.exec(name);
  const kind = match?.[1] as SitemapKind | undefined;
  const number = Number(match?.[2]);
  if (!kind || !hasSitemapPart(db, kind, number, partSize)) {
    return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const batches = sitemapEntries(db, kind, number, partSize);
  const encoder = new TextEncoder();
  let opened = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!opened) {
        opened = true;
        controller.enqueue(encoder.encode(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NAMESPACE}">\n`));
        return;
      }
      const next = batches.next();
      if (next.done) {
        controller.enqueue(encoder.encode("</urlset>\n"));
        controller.close();
        return;
      }
      const lines = next.value.map(
        (entry) =>
          `<url><loc>${escapeXml(origin + entry.path)}</loc>${entry.lastModified ? `<lastmod>${w3cDate(entry.lastModified)}</lastmod>` : ""}</url>\n`,
      );
      controller.enqueue(encoder.encode(lines.join("")));
    },
    cancel() {
      batches.return(undefined);
    },
  });
  return new Response(body, { headers: HEADERS });
}
