import type { Db } from "../../db.server";
import { prepared } from "./search.server";

/**
 * What the sitemap lists (issue 19 §2): the buyer's pages a search engine may
 * keep. Read in keyset pages by id, never all at once: at 100 000 listings a
 * part is a walk along the primary key, one batch in memory at a time.
 *
 * Parts are id ranges of PART_SIZE ids: `listings-2` holds the listings with
 * ids 50 001..100 000 that are on sale or sold out. An id range can never hold
 * more than PART_SIZE rows (the protocol's limit of 50 000 URLs a file), a
 * listing keeps its part for life, and the index needs only the largest id.
 */
export const SITEMAP_PART_SIZE = 50_000;

export const SITEMAP_KINDS = ["places", "sellers", "listings"] as const;
export type SitemapKind = (typeof SITEMAP_KINDS)[number];

export interface SitemapEntry {
  path: string;
  lastModified?: Date;
}

/** The parts the index names: one of places, then sellers and listings by id range. */
export function listSitemapParts(db: Db, partSize = SITEMAP_PART_SIZE): { kind: SitemapKind; number: number }[] {
  const largest = (table: "sellers" | "listings") => (prepared(db, `SELECT max(id) AS id FROM ${table}`).get() as { id: number | null }).id ?? 0;
  const parts = (kind: "sellers" | "listings") =>
    Array.from({ length: Math.max(1, Math.ceil(largest(kind) / partSize)) }, (_, i) => ({ kind, number: i + 1 }));
  return [{ kind: "places", number: 1 }, ...parts("sellers"), ...parts("listings")];
}

/** Whether a part of this kind and number exists now. */
export function hasSitemapPart(db: Db, kind: SitemapKind, number: number, partSize = SITEMAP_PART_SIZE): boolean {
  return listSitemapParts(db, partSize).some((part) => part.kind === kind && part.number === number);
}

const BATCH = 2000;

/**
 * The entries of one part, a batch at a time (a generator: the caller streams
 * each batch out before the next is read).
 */
export function* sitemapEntries(db: Db, kind: SitemapKind, number: number, partSize = SITEMAP_PART_SIZE): Generator<SitemapEntry[]> {
  if (kind === "places") {
    yield placeEntries(db);
    return;
  }
  const first = (number - 1) * partSize + 1;
  const last = number * partSize;
  // A listing on sale or sold out (its page answers 200); not drafts, paused or removed ones (410).
  // A seller with a name whose account is open (else the page is a 404).
  const sql =
    kind === "listings"
      ? `SELECT id, updated_at AS updatedAt FROM listings
          WHERE id > ? AND id <= ? AND status IN ('active', 'sold_out') ORDER BY id LIMIT ${BATCH}`
      : `SELECT sellers.id AS id, NULL AS updatedAt FROM sellers JOIN users ON users.id = sellers.user_id
          WHERE sellers.id > ? AND sellers.id <= ? AND sellers.name IS NOT NULL AND users.deleted_at IS NULL
          ORDER BY sellers.id LIMIT ${BATCH}`;
  const statement = prepared(db, sql);
  let after = first - 1;
  for (;;) {
    const rows = statement.all(after, last) as { id: number; updatedAt: number | null }[];
    if (rows.length === 0) return;
    yield rows.map((row) => ({
      path: `/${kind}/${row.id}`,
      ...(row.updatedAt !== null ? { lastModified: new Date(row.updatedAt) } : {}),
    }));
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Home, catalog, regions, districts and village hubs: a few thousand at national scale. */
function placeEntries(db: Db): SitemapEntry[] {
  const regions = prepared(db, "SELECT lower(iso_code) AS code FROM regions ORDER BY iso_code").all() as { code: string }[];
  const districts = prepared(
    db,
    `SELECT DISTINCT lower(r.iso_code) AS code, d.slug AS slug FROM districts d
       JOIN regions r ON r.id = d.region_id JOIN villages v ON v.district_id = d.id ORDER BY r.iso_code, d.slug`,
  ).all() as { code: string; slug: string }[];
  const villages = prepared(db, "SELECT slug FROM villages ORDER BY slug").all() as { slug: string }[];
  return [
    { path: "/" },
    { path: "/catalog" },
    ...regions.map((r) => ({ path: `/regions/${r.code}` })),
    ...districts.map((d) => ({ path: `/regions/${d.code}/${d.slug}` })),
    ...villages.map((v) => ({ path: `/villages/${v.slug}` })),
  ];
}
