import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { listAudit } from "../../app/domain/identity/audit.server";
import { can } from "../../app/domain/identity/can";
import { listActiveGrants } from "../../app/domain/identity/sessions.server";
import { findOrCreateUser, setUserDisabled } from "../../app/domain/identity/users.server";
import type { PickupPointValues } from "../../app/domain/logistics/pickup-point-rules";
import { refusalKey } from "../../app/i18n/refusals";
import { parsePickupPointValues } from "../../app/web/pickup-point-form";
import {
  appointOperator,
  createPickupPoint,
  getPickupPoint,
  listOperatedPickupPoints,
  listPickupPointOperators,
  listVillagePickupPoints,
  pickupPointsFor,
  resolvePickupPointFilter,
  revokeOperator,
  updatePickupPoint,
} from "../../app/domain/logistics/pickup-points.server";
import { translator } from "../../app/i18n/translate.server";
import * as editRoute from "../../app/routes/coordinator_.$village_.pickup-points.$id";
import * as listRoute from "../../app/routes/coordinator_.$village_.pickup-points._index";
import * as operatorRoute from "../../app/routes/operator";
import * as buyerRoute from "../../app/routes/pickup-points";
import { pickupPoints, regions, sessions, villages } from "../../db/schema";
import { get, post, testApp } from "../support/app";
import { grant, signIn, villageId } from "../support/identity";

const COORDINATOR = "+77770000001";
const OTHER_COORDINATOR = "+77770000002";
const OPERATOR = "+77011234567";
const OTHER_OPERATOR = "+77011234568";

const VALID: PickupPointValues = {
  kind: "hub_shop",
  name: "  «Айгүл»   дүкені ",
  address: "Бесағаш ауылы, Абай көшесі, 1",
  openingHours: "Дс–Жм 09:00–18:00",
  storageDays: "10",
  acceptsCash: "on",
  active: "on",
};

function parsed(values: PickupPointValues) {
  const result = parsePickupPointValues(values);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.point;
}

function newPoint(db: Db, slug: string, overrides: PickupPointValues = {}) {
  const coordinator = findOrCreateUser(db, COORDINATOR, new Date());
  return createPickupPoint(db, { actorUserId: coordinator.id, villageId: villageId(db, slug), point: parsed({ ...VALID, ...overrides }) }, new Date()).id;
}

describe("the pickup point form", () => {
  it("trims, joins spaces, and reads the checkboxes", () => {
    expect(parsed(VALID)).toEqual({
      kind: "hub_shop",
      name: "«Айгүл» дүкені",
      address: "Бесағаш ауылы, Абай көшесі, 1",
      openingHours: "Дс–Жм 09:00–18:00",
      storageDays: 10,
      acceptsCash: true,
      active: true,
    });
    expect(parsed({ ...VALID, acceptsCash: undefined, active: undefined })).toMatchObject({ acceptsCash: false, active: false });
  });

  it("names every wrong field with a locale key", () => {
    const result = parsePickupPointValues({ kind: "shop", name: " ", address: "", openingHours: "x".repeat(121), storageDays: "0" });
    expect(result).toEqual({
      ok: false,
      errors: {
        kind: "logistics:errors.kind",
        name: "logistics:errors.name_required",
        address: "logistics:errors.address_required",
        openingHours: "logistics:errors.too_long",
        storageDays: "logistics:errors.storage_days",
      },
    });
    for (const storageDays of ["31", "-1", "7.5", "abc", "", "100"]) {
      expect(parsePickupPointValues({ ...VALID, storageDays }), storageDays).toMatchObject({ ok: false, errors: { storageDays: "logistics:errors.storage_days" } });
    }
    for (const storageDays of ["1", "30", " 7 "]) expect(parsePickupPointValues({ ...VALID, storageDays }).ok, storageDays).toBe(true);
    expect(parsePickupPointValues({ ...VALID, name: "n".repeat(81) })).toMatchObject({ errors: { name: "logistics:errors.too_long" } });
    expect(parsePickupPointValues({ ...VALID, address: "a".repeat(201) })).toMatchObject({ errors: { address: "logistics:errors.too_long" } });
  });

  it("has every refusal worded in all three languages", () => {
    const keys = [
      "logistics:errors.kind",
      "logistics:errors.name_required",
      "logistics:errors.address_required",
      "logistics:errors.hours_required",
      "logistics:errors.too_long",
      "logistics:errors.storage_days",
      refusalKey("logistics.point_not_found"),
      refusalKey("logistics.operator_not_found"),
      refusalKey("logistics.operator_disabled"),
      refusalKey("logistics.operator_exists"),
      refusalKey("logistics.operator_grant_not_found"),
      refusalKey("identity.phone_invalid"),
      refusalKey("identity.phone_not_mobile"),
    ];
    for (const language of ["kk", "ru", "en"] as const) {
      const t = translator(language, "logistics");
      for (const key of keys) expect(t(key), `${language} ${key}`).not.toMatch(/^(logistics|identity|errors)[:.]/);
    }
  });
});

describe("pickup points", () => {
  it("are created and edited in their village, and listed", () => {
    const { db } = testApp();
    const besagash = villageId(db, "besagash");
    const id = newPoint(db, "besagash");
    expect(getPickupPoint(db, id)).toMatchObject({ id, villageId: besagash, name: "«Айгүл» дүкені", storageDays: 10, acceptsCash: true, active: true });
    expect(listVillagePickupPoints(db, besagash).map((p) => p.id)).toContain(id);

    expect(updatePickupPoint(db, { villageId: besagash, pickupPointId: id, point: parsed({ ...VALID, name: "Жаңа атау", storageDays: "3", acceptsCash: undefined }) })).toEqual({ ok: true });
    expect(getPickupPoint(db, id)).toMatchObject({ name: "Жаңа атау", storageDays: 3, acceptsCash: false });
    // Through another village's door, the point is not there.
    expect(updatePickupPoint(db, { villageId: villageId(db, "turgen"), pickupPointId: id, point: parsed(VALID) })).toEqual({ ok: false, reason: "logistics.point_not_found" });
    expect(getPickupPoint(db, 999_999)).toBeUndefined();
    expect(getPickupPoint(db, -1)).toBeUndefined();
  });

  it("are offered to buyers when open, with place names in the reader's language, by region or village", () => {
    const { db } = testApp();
    const open = newPoint(db, "besagash");
    const closed = newPoint(db, "besagash", { name: "Closed shop", active: undefined });
    const all = pickupPointsFor(db, "ru");
    expect(all.map((p) => p.id)).toContain(open);
    expect(all.map((p) => p.id)).not.toContain(closed);
    expect(all.find((p) => p.id === open)).toMatchObject({
      villageId: villageId(db, "besagash"),
      kind: "hub_shop",
      storageDays: 10,
      acceptsCash: true,
      village: { slug: "besagash", name: "Бесагаш" },
      district: { name: "Талгарский район" },
      region: { isoCode: "KZ-19" },
    });
    expect(pickupPointsFor(db, "kk").find((p) => p.id === open)?.village.name).toBe("Бесағаш");
    expect(pickupPointsFor(db, "en").find((p) => p.id === open)?.district?.name).toBe("Talgar District");

    const almaty = db.select({ id: regions.id }).from(regions).where(eq(regions.isoCode, "KZ-19")).get()?.id;
    const inRegion = pickupPointsFor(db, "en", { regionId: almaty });
    expect(inRegion.length).toBeGreaterThan(0);
    expect(new Set(inRegion.map((p) => p.region.isoCode))).toEqual(new Set(["KZ-19"]));
    const inVillage = pickupPointsFor(db, "en", { villageId: villageId(db, "turgen") });
    expect(new Set(inVillage.map((p) => p.village.slug))).toEqual(new Set(["turgen"]));

    expect(resolvePickupPointFilter(db, { region: "kz-19", village: "besagash" })).toEqual({ ok: true, regionId: almaty, villageId: villageId(db, "besagash") });
    expect(resolvePickupPointFilter(db, { region: "kz-99" })).toEqual({ ok: false, field: "region" });
    expect(resolvePickupPointFilter(db, { village: "no-such-village" })).toEqual({ ok: false, field: "village" });
    expect(resolvePickupPointFilter(db, { village: "<script>" })).toEqual({ ok: false, field: "village" });
  });

  it("are seeded in every demo village, once", () => {
    const { db } = testApp();
    for (const slug of ["besagash", "turgen", "karabulak", "ulken-naryn", "shyngystai", "katarkol"]) {
      // The points standing in the village itself; Besagash and Karabulak also answer for the demo's city points (issue 17).
      const katoCode = db.select({ katoCode: villages.katoCode }).from(villages).where(eq(villages.slug, slug)).get()?.katoCode;
      const points = listVillagePickupPoints(db, villageId(db, slug)).filter((p) => p.settlementCode === katoCode);
      expect(points.length, slug).toBeGreaterThanOrEqual(1);
      expect(points.length, slug).toBeLessThanOrEqual(2);
    }
  });
});

describe("operators", () => {
  it("are appointed by phone when they have an account, get a new session id, and are written in the audit log", async () => {
    const { db, sms } = testApp();
    const besagash = villageId(db, "besagash");
    const coordinatorId = grant(db, COORDINATOR, "coordinator", "besagash");
    const point = newPoint(db, "besagash");
    const input = { actorUserId: coordinatorId, villageId: besagash, pickupPointId: point, ip: "10.0.0.9" };

    expect(appointOperator(db, { ...input, phone: "8 701 123 45 67" }, new Date())).toEqual({ ok: false, reason: "logistics.operator_not_found" });
    expect(appointOperator(db, { ...input, phone: "12345" }, new Date())).toEqual({ ok: false, reason: "identity.phone_invalid" });
    expect(appointOperator(db, { ...input, phone: "8 727 123 45 67" }, new Date())).toEqual({ ok: false, reason: "identity.phone_not_mobile" });

    const operator = await signIn(db, sms, OPERATOR);
    const appointed = appointOperator(db, { ...input, phone: "8 701 123 45 67" }, new Date());
    expect(appointed).toEqual({ ok: true, userId: operator.userId });
    expect(appointOperator(db, { ...input, phone: "+77011234567" }, new Date())).toEqual({ ok: false, reason: "logistics.operator_exists" });
    expect(listActiveGrants(db, operator.userId)).toEqual([{ role: "operator", villageId: null, regionId: null, pickupPointId: point }]);
    expect(db.select({ rotationDue: sessions.rotationDue }).from(sessions).where(eq(sessions.userId, operator.userId)).all()).toEqual([{ rotationDue: true }]);
    expect(listAudit(db)[0]).toMatchObject({ action: "role.granted", actorUserId: coordinatorId, subjectUserId: operator.userId, details: { role: "operator", pickupPointId: point, phone: "+7 701 ••• •• 67" } });
    expect(listPickupPointOperators(db, point)).toMatchObject([{ userId: operator.userId, phone: OPERATOR }]);
    expect(listOperatedPickupPoints(db, "en", operator.userId)).toMatchObject([{ id: point, village: { name: "Besagash" } }]);

    // Only into a point of the coordinator's own village.
    const turgenPoint = newPoint(db, "turgen");
    expect(appointOperator(db, { ...input, pickupPointId: turgenPoint, phone: OPERATOR }, new Date())).toEqual({ ok: false, reason: "logistics.point_not_found" });

    const grantId = listPickupPointOperators(db, point)[0]?.grantId ?? 0;
    expect(revokeOperator(db, { ...input, pickupPointId: turgenPoint, grantId }, new Date())).toEqual({ ok: false, reason: "logistics.operator_grant_not_found" });
    expect(revokeOperator(db, { ...input, grantId }, new Date())).toEqual({ ok: true });
    expect(revokeOperator(db, { ...input, grantId }, new Date())).toEqual({ ok: false, reason: "logistics.operator_grant_not_found" });
    expect(listPickupPointOperators(db, point)).toEqual([]);
    expect(listActiveGrants(db, operator.userId)).toEqual([]);
    expect(listAudit(db)[0]).toMatchObject({ action: "role.revoked", subjectUserId: operator.userId, details: { role: "operator", pickupPointId: point } });
  });

  it("are refused when the account is disabled", () => {
    const { db } = testApp();
    const coordinatorId = grant(db, COORDINATOR, "coordinator", "besagash");
    const admin = grant(db, "+77770000009", "admin");
    const person = findOrCreateUser(db, OPERATOR, new Date());
    setUserDisabled(db, { actorUserId: admin, userId: person.id, disabled: true, ip: "x" }, new Date());
    const point = newPoint(db, "besagash");
    expect(appointOperator(db, { actorUserId: coordinatorId, villageId: villageId(db, "besagash"), pickupPointId: point, phone: OPERATOR, ip: null }, new Date())).toEqual({
      ok: false,
      reason: "logistics.operator_disabled",
    });
  });

  it("operate only their own point; a coordinator manages only their own village's points", () => {
    const { db } = testApp();
    const besagash = villageId(db, "besagash");
    const turgen = villageId(db, "turgen");
    const coordinatorId = grant(db, COORDINATOR, "coordinator", "besagash");
    const otherCoordinatorId = grant(db, OTHER_COORDINATOR, "coordinator", "turgen");
    const a = newPoint(db, "besagash");
    const b = newPoint(db, "besagash", { name: "Second" });
    const operator = findOrCreateUser(db, OPERATOR, new Date());
    appointOperator(db, { actorUserId: coordinatorId, villageId: besagash, pickupPointId: a, phone: OPERATOR, ip: null }, new Date());

    const asOperator = { userId: operator.id, grants: listActiveGrants(db, operator.id) };
    expect(can(asOperator, "pickup_point.operate", { type: "pickup_point", pickupPointId: a, villageId: besagash }).ok).toBe(true);
    expect(can(asOperator, "pickup_point.operate", { type: "pickup_point", pickupPointId: b, villageId: besagash }).ok).toBe(false);
    expect(can(asOperator, "pickup_points.manage", { type: "village", villageId: besagash }).ok).toBe(false);

    const asOther = { userId: otherCoordinatorId, grants: listActiveGrants(db, otherCoordinatorId) };
    expect(can(asOther, "pickup_points.manage", { type: "village", villageId: besagash }).ok).toBe(false);
    expect(can(asOther, "pickup_point.operate", { type: "pickup_point", pickupPointId: a, villageId: besagash }).ok).toBe(false);
    expect(can(asOther, "pickup_points.manage", { type: "village", villageId: turgen }).ok).toBe(true);
    // Nor can they appoint into it, even when calling the use case with their own village.
    expect(appointOperator(db, { actorUserId: otherCoordinatorId, villageId: turgen, pickupPointId: a, phone: OTHER_OPERATOR, ip: null }, new Date())).toEqual({
      ok: false,
      reason: "logistics.point_not_found",
    });
  });
});

describe("pickup point screens", () => {
  const params = { village: "besagash" };

  it("a coordinator adds a point: wrong input comes back 400 with what was typed, then it is created", async () => {
    const { db, sms } = testApp();
    grant(db, COORDINATOR, "coordinator", "besagash");
    const coordinator = await signIn(db, sms, COORDINATOR);

    const page = await get(listRoute.loader, "/coordinator/besagash/pickup-points", { cookie: coordinator.cookie, params });
    expect(page.status).toBe(200);
    expect((page.data as { points: unknown[] }).points.length).toBeGreaterThan(0);

    const typed = { intent: "create", kind: "post_office", name: "Пошта", address: "", openingHours: "9–18", storageDays: "45", acceptsCash: "on" };
    const bad = await post(listRoute.action, "/coordinator/besagash/pickup-points", typed, { cookie: coordinator.cookie, params });
    expect(bad).toMatchObject({
      status: 400,
      data: {
        values: { kind: "post_office", name: "Пошта", address: "", openingHours: "9–18", storageDays: "45", acceptsCash: "on" },
        errors: { address: "logistics:errors.address_required", storageDays: "logistics:errors.storage_days" },
      },
    });

    const good = await post(listRoute.action, "/coordinator/besagash/pickup-points", { ...typed, address: "Абай көшесі, 2", storageDays: "7" }, { cookie: coordinator.cookie, params });
    expect(good.status).toBe(303);
    const location = good.headers.get("Location") ?? "";
    const id = /\/coordinator\/besagash\/pickup-points\/(\d+)\?done=created$/.exec(location)?.[1];
    expect(id, location).toBeTruthy();
    expect(getPickupPoint(db, Number(id))).toMatchObject({ kind: "post_office", name: "Пошта", storageDays: 7, acceptsCash: true, active: false });

    const missingIntent = await post(listRoute.action, "/coordinator/besagash/pickup-points", { name: "x" }, { cookie: coordinator.cookie, params });
    expect(missingIntent.status).toBe(400);
  });

  it("a coordinator edits a point and appoints and removes an operator; mistakes answer 400 and keep the input", async () => {
    const { db, sms } = testApp();
    grant(db, COORDINATOR, "coordinator", "besagash");
    const coordinator = await signIn(db, sms, COORDINATOR);
    const id = String(newPoint(db, "besagash"));
    const at = { cookie: coordinator.cookie, params: { ...params, id } };
    const path = `/coordinator/besagash/pickup-points/${id}`;

    const page = await get(editRoute.loader, path, at);
    expect(page).toMatchObject({ status: 200, data: { point: { values: { name: "«Айгүл» дүкені", storageDays: "10", acceptsCash: "on", active: "on" } }, operators: [] } });

    const badSave = await post(editRoute.action, path, { intent: "save", ...VALID, name: "", storageDays: "x" }, at);
    expect(badSave).toMatchObject({ status: 400, data: { intent: "save", values: { name: "", storageDays: "x", address: VALID.address }, errors: { name: "logistics:errors.name_required" } } });
    const saved = await post(editRoute.action, path, { intent: "save", ...VALID, openingHours: "Күн сайын" }, at);
    expect(saved).toMatchObject({ status: 303 });
    expect(saved.headers.get("Location")).toBe(`${path}?done=saved`);
    expect(getPickupPoint(db, Number(id))?.openingHours).toBe("Күн сайын");

    const unknown = await post(editRoute.action, path, { intent: "appoint", phone: "8 701 123 45 67" }, at);
    expect(unknown).toMatchObject({ status: 400, data: { intent: "appoint", phone: "8 701 123 45 67", error: "logistics:errors.operator_not_found" } });
    const typo = await post(editRoute.action, path, { intent: "appoint", phone: "8 701 12" }, at);
    expect(typo).toMatchObject({ status: 400, data: { phone: "8 701 12", error: "identity:identity.phone_invalid" } });

    const operator = await signIn(db, sms, OPERATOR);
    const appointed = await post(editRoute.action, path, { intent: "appoint", phone: "8 701 123 45 67" }, at);
    expect(appointed.headers.get("Location")).toBe(`${path}?done=appointed`);
    const withOperator = await get(editRoute.loader, path, at);
    const operators = (withOperator.data as { operators: { grantId: number; phone: string }[] }).operators;
    expect(operators).toMatchObject([{ phone: "+7 701 123 45 67" }]);

    const home = await get(operatorRoute.loader, "/operator", { cookie: operator.cookie });
    expect(home).toMatchObject({ status: 200, data: { points: [{ id: Number(id), name: "«Айгүл» дүкені", village: { name: "Бесағаш" } }] } });

    const wrongGrant = await post(editRoute.action, path, { intent: "revoke", grant: "999999" }, at);
    expect(wrongGrant).toMatchObject({ status: 400, data: { error: "logistics:errors.operator_grant_not_found" } });
    const revoked = await post(editRoute.action, path, { intent: "revoke", grant: String(operators[0]?.grantId) }, at);
    expect(revoked.headers.get("Location")).toBe(`${path}?done=revoked`);
    expect((await get(operatorRoute.loader, "/operator", { cookie: operator.cookie })).status).toBe(403);
  });

  it("another village's coordinator is refused; a point is not found through another village's address", async () => {
    const { db, sms } = testApp();
    grant(db, COORDINATOR, "coordinator", "besagash");
    grant(db, OTHER_COORDINATOR, "coordinator", "turgen");
    const other = await signIn(db, sms, OTHER_COORDINATOR);
    const id = String(newPoint(db, "besagash"));

    expect((await get(listRoute.loader, "/coordinator/besagash/pickup-points", { cookie: other.cookie, params })).status).toBe(403);
    expect((await post(listRoute.action, "/coordinator/besagash/pickup-points", { intent: "create", ...VALID }, { cookie: other.cookie, params })).status).toBe(403);
    expect((await get(editRoute.loader, `/coordinator/besagash/pickup-points/${id}`, { cookie: other.cookie, params: { ...params, id } })).status).toBe(403);
    expect((await post(editRoute.action, `/coordinator/besagash/pickup-points/${id}`, { intent: "appoint", phone: OTHER_COORDINATOR }, { cookie: other.cookie, params: { ...params, id } })).status).toBe(403);
    // Their own village's address with this village's point: missing.
    const through = { cookie: other.cookie, params: { village: "turgen", id } };
    expect((await get(editRoute.loader, `/coordinator/turgen/pickup-points/${id}`, through)).status).toBe(404);
    expect((await post(editRoute.action, `/coordinator/turgen/pickup-points/${id}`, { intent: "save", ...VALID }, through)).status).toBe(404);
    expect((await get(editRoute.loader, "/coordinator/turgen/pickup-points/abc", { ...through, params: { village: "turgen", id: "abc" } })).status).toBe(404);
    // Signed out: to the sign-in page.
    const anonymous = await get(listRoute.loader, "/coordinator/besagash/pickup-points", { params });
    expect(anonymous.status).toBe(302);
    expect(db.select().from(pickupPoints).where(and(eq(pickupPoints.villageId, villageId(db, "turgen")), eq(pickupPoints.name, VALID.name ?? ""))).all()).toEqual([]);
  });

  it("an operator's home needs an operator; anyone sees open points at /pickup-points, filtered by region and village", async () => {
    const { db, sms } = testApp();
    const buyer = await signIn(db, sms, OTHER_OPERATOR);
    expect((await get(operatorRoute.loader, "/operator", { cookie: buyer.cookie })).status).toBe(403);
    expect((await get(operatorRoute.loader, "/operator")).status).toBe(302);

    const id = newPoint(db, "karabulak", { name: "Кілем үйі" });
    const all = await get(buyerRoute.loader, "/pickup-points");
    expect(all.status).toBe(200);
    const data = all.data as { points: { id: number; village: { name: string } }[]; choices: { regions: { code: string }[]; villages: { slug: string }[] } };
    expect(data.points.find((p) => p.id === id)?.village.name).toBe("Қарабұлақ");
    expect(data.choices.regions.map((r) => r.code)).toContain("kz-61");
    expect(data.choices.villages.map((v) => v.slug)).toContain("karabulak");

    const inRegion = (await get(buyerRoute.loader, "/pickup-points?region=kz-61")).data as { points: { region: { isoCode: string } }[] };
    expect(new Set(inRegion.points.map((p) => p.region.isoCode))).toEqual(new Set(["KZ-61"]));
    const inVillage = (await get(buyerRoute.loader, "/pickup-points?village=besagash")).data as { points: { village: { slug: string } }[] };
    expect(new Set(inVillage.points.map((p) => p.village.slug))).toEqual(new Set(["besagash"]));
    // A real region with no point is an empty list, not an error.
    expect((await get(buyerRoute.loader, "/pickup-points?region=kz-75")).status).toBe(200);
    expect(await get(buyerRoute.loader, "/pickup-points?region=nowhere")).toMatchObject({ status: 400, data: { error: { field: "region", key: "logistics:errors.region" }, points: [] } });
    expect(await get(buyerRoute.loader, "/pickup-points?village=atlantis")).toMatchObject({ status: 400, data: { error: { field: "village" } } });
  });
});
