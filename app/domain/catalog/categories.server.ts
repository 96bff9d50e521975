/** The admin's category editor: rename in three languages, add a child, reorder among siblings. */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { categories } from "../../../db/schema";
import { writeTransaction, type Db, type Tx } from "../../db.server";
import { personText } from "../identity/person-text";

const name = personText("line", z.string().min(1, { message: "catalog.category_name" }).max(60, { message: "catalog.too_long" }));

export const categoryNames = z.object({ nameKk: name, nameRu: name, nameEn: name });
/** A new category's slug: stable, it appears in URLs. */
export const categorySlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "catalog.category_slug" })
  .max(40, { message: "catalog.too_long" });

export type CategoryRefusal = "category.not_found" | "category.slug_taken";

export function countCategories(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(categories).get()?.n ?? 0;
}

export function renameCategory(db: Db, input: { id: number; names: z.output<typeof categoryNames> }): { ok: true } | { ok: false; reason: CategoryRefusal } {
  return writeTransaction(db, (tx) => {
    const row = tx.select({ id: categories.id }).from(categories).where(eq(categories.id, input.id)).get();
    if (!row) return { ok: false, reason: "category.not_found" } as const;
    tx.update(categories).set(input.names).where(eq(categories.id, row.id)).run();
    return { ok: true } as const;
  });
}

/** A child category (or a top-level one when parentId is null), placed last among its siblings. */
export function addCategory(
  db: Db,
  input: { parentId: number | null; slug: string; names: z.output<typeof categoryNames> },
): { ok: true; id: number } | { ok: false; reason: CategoryRefusal } {
  return writeTransaction(db, (tx) => {
    if (input.parentId !== null && !tx.select({ id: categories.id }).from(categories).where(eq(categories.id, input.parentId)).get()) {
      return { ok: false, reason: "category.not_found" } as const;
    }
    if (tx.select({ id: categories.id }).from(categories).where(eq(categories.slug, input.slug)).get()) {
      return { ok: false, reason: "category.slug_taken" } as const;
    }
    const last = siblings(tx, input.parentId).length;
    const row = tx.insert(categories).values({ parentId: input.parentId, slug: input.slug, ...input.names, position: last }).returning({ id: categories.id }).get();
    return { ok: true, id: row.id } as const;
  });
}

function siblings(tx: Tx, parentId: number | null) {
  return tx
    .select({ id: categories.id })
    .from(categories)
    .where(parentId === null ? isNull(categories.parentId) : eq(categories.parentId, parentId))
    .orderBy(asc(categories.position), asc(categories.id))
    .all();
}

/** One place earlier or later among its siblings; positions are renumbered 0…n-1. */
export function moveCategory(db: Db, input: { id: number; direction: "earlier" | "later" }): { ok: true } | { ok: false; reason: CategoryRefusal } {
  return writeTransaction(db, (tx) => {
    const row = tx.select({ id: categories.id, parentId: categories.parentId }).from(categories).where(eq(categories.id, input.id)).get();
    if (!row) return { ok: false, reason: "category.not_found" } as const;
    const list = siblings(tx, row.parentId);
    const index = list.findIndex((c) => c.id === row.id);
    const target = input.direction === "earlier" ? index - 1 : index + 1;
    if (target >= 0 && target < list.length) {
      const [moved] = list.splice(index, 1);
      list.splice(target, 0, moved!);
    }
    list.forEach((c, position) => tx.update(categories).set({ position }).where(and(eq(categories.id, c.id))).run());
    return { ok: true } as const;
  });
}
