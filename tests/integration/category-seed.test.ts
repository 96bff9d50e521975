import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { countCategories, renameCategory } from "../../app/domain/catalog/categories.server";
import { startup } from "../../app/startup.server";
import { categories } from "../../db/schema";
import { testApp } from "../support/app";

describe("the category tree at start-up", () => {
  it("is seeded when the table is empty, and an admin's edits are left alone on the next start", () => {
    const { db } = testApp();
    expect(countCategories(db)).toBe(0);
    startup();
    const seeded = countCategories(db);
    expect(seeded).toBeGreaterThan(20);
    const furniture = db.select().from(categories).where(eq(categories.slug, "furniture")).get()!;
    expect(renameCategory(db, { id: furniture.id, names: { nameKk: "Ағаш жиһаз", nameRu: "Мебель", nameEn: "Furniture" } })).toEqual({ ok: true });
    startup();
    expect(countCategories(db)).toBe(seeded);
    expect(db.select().from(categories).where(eq(categories.slug, "furniture")).get()?.nameKk).toBe("Ағаш жиһаз");
  });
});
