import { describe, expect, it } from "vitest";
import { cell, cells, cellText, mustSuppress, SUPPRESSED, suppressRows } from "../../app/domain/insights/suppression";

describe("small-cell suppression", () => {
  it("hides figures built from 1 to 4 sellers, shows 0 and 5 or more", () => {
    expect(SUPPRESSED).toBe("<5");
    expect([0, 1, 2, 3, 4, 5, 6].map(mustSuppress)).toEqual([false, true, true, true, true, false, false]);
    expect(cell(123, 4)).toBe("<5");
    expect(cell(123, 5)).toBe(123);
    expect(cell(0, 0)).toBe(0);
    expect(cells({ a: 1, b: null }, 3)).toEqual({ a: "<5", b: "<5" });
    expect(cells({ a: 1, b: null }, 7)).toEqual({ a: 1, b: null });
    expect(cellText<number>("<5", (n) => `${n} ₸`)).toBe("<5");
    expect(cellText<number>(7, (n) => `${n} ₸`)).toBe("7 ₸");
  });

  it("hides a second row when one hidden row could be recovered from the total", () => {
    expect(suppressRows([9, 4, 6])).toEqual([false, true, true]);
    // Two hidden rows standing together on ≥ 5 sellers need no more.
    expect(suppressRows([9, 2, 3, 6])).toEqual([false, true, true, false]);
    // Two hidden rows on 4 sellers together: one more.
    expect(suppressRows([9, 2, 2, 6])).toEqual([false, true, true, true]);
    // Zeros are never used as the complement, nor hidden.
    expect(suppressRows([0, 4, 8])).toEqual([false, true, true]);
    expect(suppressRows([5, 6, 0])).toEqual([false, false, false]);
    expect(suppressRows([])).toEqual([]);
    expect(suppressRows([3])).toEqual([true]);
  });
});
