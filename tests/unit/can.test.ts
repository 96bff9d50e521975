import { describe, expect, it } from "vitest";
import { areasFor, can, type Action, type Actor, type Grant, type Resource } from "../../app/domain/identity/can";
import { canTryCode, DEFAULT_SEND_LIMITS, sendLimitHit } from "../../app/domain/identity/rules";

const VILLAGE = 1;
const OTHER_VILLAGE = 2;
const ME = 10;
const SOMEONE_ELSE = 11;

const grant = (role: Grant["role"], villageId: number | null = null, regionId: number | null = null): Grant => ({ role, villageId, regionId, pickupPointId: null });
const actors: Record<string, Actor> = {
  anonymous: null,
  buyer: { userId: ME, grants: [] },
  seller: { userId: ME, grants: [grant("seller", VILLAGE)] },
  coordinator: { userId: ME, grants: [grant("coordinator", VILLAGE)] },
  coordinatorOfTwo: { userId: ME, grants: [grant("coordinator", OTHER_VILLAGE), grant("coordinator", VILLAGE)] },
  otherCoordinator: { userId: ME, grants: [grant("coordinator", OTHER_VILLAGE)] },
  analyst: { userId: ME, grants: [grant("analyst", null, 5)] },
  admin: { userId: ME, grants: [grant("admin")] },
  nationalAnalyst: { userId: ME, grants: [grant("analyst")] },
};

type Expect = "ok" | "auth.sign_in_required" | "auth.forbidden" | "auth.not_found";
const own: Resource = { type: "user", userId: ME };
const notOwn: Resource = { type: "user", userId: SOMEONE_ELSE };
const village: Resource = { type: "village", villageId: VILLAGE };

// action, resource, then the expected answer per actor in the order of `actors`.
const table: [Action, Resource, Expect[]][] = [
  ["signin", { type: "site" }, ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["outbox.view", { type: "site" }, ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["profile.view", own, ["auth.sign_in_required", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["profile.view", notOwn, ["auth.sign_in_required", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found"]],
  ["profile.delete", notOwn, ["auth.sign_in_required", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found"]],
  ["seller.area", own, ["auth.sign_in_required", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["seller.apply", village, ["auth.sign_in_required", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["coordinator.home", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "ok", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  ["village.applications.view", village, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  ["village.application.decide", village, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  ["village.seller.verify", village, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  ["admin.users", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
  ["admin.roles", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
  ["admin.disable", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
  ["audit.view", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
  ["insights.area", { type: "area", regionId: 5 }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "ok", "ok"]],
  ["insights.area", { type: "area", regionId: 6 }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "ok"]],
  ["insights.area", { type: "area", regionId: null }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "ok"]],
  ["insights.area", village, ["auth.sign_in_required", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found"]],
  ["insights.settings", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
  ["api_tokens.manage", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "ok", "ok"]],
  ["evidence.consent", own, ["auth.sign_in_required", "auth.not_found", "ok", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found"]],
  ["evidence.consent", notOwn, ["auth.sign_in_required", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found", "auth.not_found"]],
  ["evidence.print", village, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  // Only admins open village hubs; only the village's own coordinator writes its page (an admin does not).
  ["hubs.manage", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
  ["village.page.edit", village, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  ["village.page.edit", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
];

describe("can(actor, action, resource)", () => {
  const names = Object.keys(actors);
  for (const [action, resource, expected] of table) {
    names.forEach((name, i) => {
      it(`${name} → ${action} on ${JSON.stringify(resource)}: ${expected[i]}`, () => {
        const result = can(actors[name] ?? null, action, resource);
        expect(result.ok ? "ok" : result.reason).toBe(expected[i]);
      });
    });
  }

  it("links the shell only to the areas the roles open", () => {
    expect(areasFor(null)).toEqual({ seller: false, coordinator: false, operator: false, analyst: false, admin: false });
    expect(areasFor(actors.buyer ?? null)).toEqual({ seller: true, coordinator: false, operator: false, analyst: false, admin: false });
    expect(areasFor(actors.coordinator ?? null)).toEqual({ seller: true, coordinator: true, operator: false, analyst: false, admin: false });
    expect(areasFor(actors.admin ?? null)).toEqual({ seller: true, coordinator: false, operator: false, analyst: true, admin: true });
    const operator: Actor = { userId: ME, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId: 7 }] };
    expect(areasFor(operator)).toEqual({ seller: true, coordinator: false, operator: true, analyst: false, admin: false });
  });
});

describe("code and send-limit rules", () => {
  const now = new Date("2026-11-28T10:00:00Z");
  const fresh = { usedAt: null, expiresAt: new Date(now.getTime() + 60_000), attempts: 0 };
  it("allows a fresh code", () => expect(canTryCode(fresh, now)).toEqual({ ok: true }));
  it("refuses a used code", () => expect(canTryCode({ ...fresh, usedAt: now }, now)).toEqual({ ok: false, reason: "identity.code_used" }));
  it("refuses the sixth try", () => {
    expect(canTryCode({ ...fresh, attempts: 4 }, now)).toEqual({ ok: true });
    expect(canTryCode({ ...fresh, attempts: 5 }, now)).toEqual({ ok: false, reason: "identity.code_too_many_attempts" });
  });
  it("refuses at the expiry instant", () => expect(canTryCode({ ...fresh, expiresAt: now }, now)).toEqual({ ok: false, reason: "identity.code_expired" }));
  it("names the first budget a new code would exceed", () => {
    const zero = { phone15Min: 0, phoneDay: 0, ipHour: 0, globalHour: 0 };
    expect(sendLimitHit(zero, DEFAULT_SEND_LIMITS)).toBeNull();
    expect(sendLimitHit({ ...zero, phone15Min: 3 }, DEFAULT_SEND_LIMITS)).toBe("phone");
    expect(sendLimitHit({ ...zero, phone15Min: 2, phoneDay: 10 }, DEFAULT_SEND_LIMITS)).toBe("phone");
    expect(sendLimitHit({ ...zero, ipHour: DEFAULT_SEND_LIMITS.perIpHour }, DEFAULT_SEND_LIMITS)).toBe("ip");
    expect(sendLimitHit({ ...zero, globalHour: DEFAULT_SEND_LIMITS.globalHour }, DEFAULT_SEND_LIMITS)).toBe("global");
  });
});
