import { describe, expect, it } from "vitest";
import { parseOrNotFound, regionCodeParam, slugParam } from "../../app/web/params";

function status(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : -1;
  }
}

describe("geography URL parts", () => {
  it("accepts region codes in either case and returns the stored form", () => {
    expect(parseOrNotFound(regionCodeParam, "kz-63")).toBe("KZ-63");
    expect(parseOrNotFound(regionCodeParam, "KZ-10")).toBe("KZ-10");
  });

  it.each(["kz-6", "kz-633", "63", "ru-63", "", undefined, "kz-63/../x"])("answers 404 for region %j", (value) => {
    expect(status(() => parseOrNotFound(regionCodeParam, value))).toBe(404);
  });

  it.each(["Besagash", "bes agash", "бесағаш", "a".repeat(65), "../etc"])("answers 404 for slug %j", (value) => {
    expect(status(() => parseOrNotFound(slugParam, value))).toBe(404);
  });

  it("accepts lower-case slugs with dashes", () => {
    expect(parseOrNotFound(slugParam, "ulken-naryn")).toBe("ulken-naryn");
  });
});
