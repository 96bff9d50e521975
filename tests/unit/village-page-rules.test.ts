import { describe, expect, it } from "vitest";
import { MAX_STORY, parseVillagePage } from "../../app/domain/geo/village-page-rules";

const valid = { households: "2 400", specialty: "furniture", storyKk: "  Ағаш шеберлерінің ауылы.\r\nЕкінші жол  ", storyRu: "", storyEn: "" };

describe("a village's page (households, specialty, story)", () => {
  it("accepts a page as a coordinator types it: spaced thousands, the story trimmed, empty stories left out", () => {
    expect(parseVillagePage(valid)).toEqual({
      ok: true,
      page: { households: 2400, specialty: "furniture", storyKk: "Ағаш шеберлерінің ауылы.\nЕкінші жол", storyRu: null, storyEn: null },
    });
    expect(parseVillagePage({ ...valid, specialty: "" })).toMatchObject({ ok: true, page: { specialty: null } });
    expect(parseVillagePage({ ...valid, households: "1" })).toMatchObject({ ok: true, page: { households: 1 } });
    expect(parseVillagePage({ ...valid, households: "200 000", storyEn: "x".repeat(MAX_STORY) })).toMatchObject({ ok: true });
  });

  it.each([
    [{ households: "" }, { households: "geo.households" }],
    [{ households: "0" }, { households: "geo.households" }],
    [{ households: "-5" }, { households: "geo.households" }],
    [{ households: "2,5" }, { households: "geo.households" }],
    [{ households: "200 001" }, { households: "geo.households" }],
    [{ households: "many" }, { households: "geo.households" }],
    [{ specialty: "gold" }, { specialty: "geo.specialty" }],
    [{ storyRu: "я".repeat(MAX_STORY + 1) }, { storyRu: "geo.story_too_long" }],
    [{ households: "x", specialty: "gold" }, { households: "geo.households", specialty: "geo.specialty" }],
  ])("refuses %o with %o", (change, errors) => {
    expect(parseVillagePage({ ...valid, ...change })).toEqual({ ok: false, errors });
  });

  it("treats missing fields as empty: households are required", () => {
    expect(parseVillagePage({})).toEqual({ ok: false, errors: { households: "geo.households" } });
  });
});
