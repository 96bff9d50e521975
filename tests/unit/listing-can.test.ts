import { describe, expect, it } from "vitest";
import { can, type Actor, type Grant } from "../../app/domain/identity/can";

const BESAGASH = 1;
const TURGEN = 2;
const ME = 10;
const OTHER_SELLER = 11;
const grant = (role: Grant["role"], villageId: number | null = null): Grant => ({ role, villageId, regionId: null, pickupPointId: null });
const mine = { type: "listing", sellerUserId: ME, villageId: BESAGASH } as const;
const theirs = { type: "listing", sellerUserId: OTHER_SELLER, villageId: BESAGASH } as const;
const elsewhere = { type: "listing", sellerUserId: OTHER_SELLER, villageId: TURGEN } as const;

const seller: Actor = { userId: ME, grants: [grant("seller", BESAGASH)] };
const revokedSeller: Actor = { userId: ME, grants: [] };
const coordinator: Actor = { userId: ME, grants: [grant("coordinator", BESAGASH)] };
const admin: Actor = { userId: ME, grants: [grant("admin")] };

describe("who may change listings (SEC-08)", () => {
  it("lets a seller create and edit only in their own shop, with the seller role still held", () => {
    expect(can(seller, "listing.create", mine)).toEqual({ ok: true });
    expect(can(seller, "listing.edit", mine)).toEqual({ ok: true });
    expect(can(seller, "listing.edit", theirs)).toEqual({ ok: false, reason: "auth.not_found" });
    expect(can(seller, "listing.edit", { ...mine, villageId: TURGEN })).toEqual({ ok: false, reason: "auth.not_found" });
    expect(can(revokedSeller, "listing.edit", mine)).toEqual({ ok: false, reason: "auth.not_found" });
    expect(can(null, "listing.edit", mine)).toEqual({ ok: false, reason: "auth.sign_in_required" });
  });

  it("lets a coordinator assist the sellers of their own village only", () => {
    expect(can(coordinator, "listing.assist", theirs)).toEqual({ ok: true });
    expect(can(coordinator, "listing.assist", elsewhere)).toEqual({ ok: false, reason: "auth.not_found" });
    expect(can(coordinator, "listing.edit", theirs)).toEqual({ ok: false, reason: "auth.not_found" });
    expect(can(seller, "listing.assist", mine)).toEqual({ ok: false, reason: "auth.forbidden" });
    expect(can(admin, "listing.assist", theirs)).toEqual({ ok: false, reason: "auth.forbidden" });
  });

  it("lets sellers and coordinators upload photos, and only admins edit categories", () => {
    expect(can(seller, "photo.upload").ok).toBe(true);
    expect(can(coordinator, "photo.upload").ok).toBe(true);
    expect(can({ userId: ME, grants: [] }, "photo.upload")).toEqual({ ok: false, reason: "auth.forbidden" });
    expect(can(admin, "category.admin").ok).toBe(true);
    expect(can(coordinator, "category.admin")).toEqual({ ok: false, reason: "auth.forbidden" });
  });
});
