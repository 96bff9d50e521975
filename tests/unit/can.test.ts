import { describe, expect, it } from "vitest";
import { areasFor, can, type Action, type Actor, type Grant, type Resource } from "../../app/domain/identity/can";
import { canTryCode } from "../../app/domain/identity/rules";

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

// Issue 16: an order bought by ME or by someone else; reviews and threads of a seller in VILLAGE.
const boughtByMe: Resource = { type: "order", buyerUserId: ME, sellerUserId: SOMEONE_ELSE, sellerVillageId: VILLAGE, pickupPointId: 7, pickupVillageId: VILLAGE };
const boughtByOther: Resource = { ...boughtByMe, buyerUserId: SOMEONE_ELSE } as Resource;
const reviewOfMyShop: Resource = { type: "review", buyerUserId: SOMEONE_ELSE, sellerUserId: ME, sellerVillageId: VILLAGE };
const reviewOfOtherShop: Resource = { type: "review", buyerUserId: SOMEONE_ELSE, sellerUserId: SOMEONE_ELSE + 1, sellerVillageId: VILLAGE };
const myThread: Resource = { type: "thread", buyerUserId: ME, sellerUserId: SOMEONE_ELSE, sellerVillageId: VILLAGE, orderDisputed: false };
const ownShopThread: Resource = { type: "thread", buyerUserId: ME, sellerUserId: ME, sellerVillageId: VILLAGE, orderDisputed: false };
const othersThread: Resource = { type: "thread", buyerUserId: SOMEONE_ELSE, sellerUserId: SOMEONE_ELSE + 1, sellerVillageId: VILLAGE, orderDisputed: false };
const othersDisputedThread: Resource = { ...othersThread, orderDisputed: true } as Resource;
// Dispute files (issue 16 §4): one I opened; one of others in VILLAGE; one of others sent to me as the appointed reviewer.
const myDispute: Resource = { type: "dispute", buyerUserId: ME, sellerUserId: SOMEONE_ELSE, sellerVillageId: VILLAGE, reviewerUserId: null };
const othersDispute: Resource = { type: "dispute", buyerUserId: SOMEONE_ELSE, sellerUserId: SOMEONE_ELSE + 1, sellerVillageId: VILLAGE, reviewerUserId: null };
const othersDisputeSentToMe: Resource = { ...othersDispute, reviewerUserId: ME } as Resource;
const NF = "auth.not_found" as const;
const FB = "auth.forbidden" as const;
const SIGN_IN = "auth.sign_in_required" as const;

// action, resource, then the expected answer per actor in the order of `actors`.
const table: [Action, Resource, Expect[]][] = [
  ["review.write", boughtByMe, [SIGN_IN, "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["review.write", boughtByOther, [SIGN_IN, NF, NF, NF, NF, NF, NF, NF, NF]],
  ["review.answer", reviewOfMyShop, [SIGN_IN, "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["review.answer", reviewOfOtherShop, [SIGN_IN, NF, NF, NF, NF, NF, NF, NF, NF]],
  ["review.report", reviewOfOtherShop, ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["review.report", boughtByOther, [NF, NF, NF, NF, NF, NF, NF, NF, NF]],
  ["review.remove", reviewOfOtherShop, [SIGN_IN, FB, FB, "ok", "ok", FB, FB, "ok", FB]],
  ["message.write", myThread, [SIGN_IN, "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["message.write", ownShopThread, [SIGN_IN, NF, NF, NF, NF, NF, NF, NF, NF]],
  ["message.write", othersThread, [SIGN_IN, NF, NF, NF, NF, NF, NF, NF, NF]],
  ["message.write", othersDisputedThread, [SIGN_IN, NF, NF, NF, NF, NF, NF, NF, NF]],
  ["message.read", othersThread, [SIGN_IN, NF, NF, NF, NF, NF, NF, NF, NF]],
  ["message.read", othersDisputedThread, [SIGN_IN, NF, NF, "ok", "ok", NF, NF, NF, NF]],
  ["inbox.view", own, [SIGN_IN, "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["dispute.open", myDispute, [SIGN_IN, "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["dispute.open", othersDispute, [SIGN_IN, NF, NF, FB, FB, NF, NF, FB, NF]],
  ["dispute.appeal", myDispute, [SIGN_IN, "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["dispute.appeal", othersDispute, [SIGN_IN, NF, NF, FB, FB, NF, NF, FB, NF]],
  ["dispute.answer", othersDispute, [SIGN_IN, NF, NF, FB, FB, NF, NF, FB, NF]],
  ["dispute.view", othersDispute, [SIGN_IN, NF, NF, "ok", "ok", NF, NF, "ok", NF]],
  ["dispute.decide", othersDispute, [SIGN_IN, NF, NF, "ok", "ok", NF, NF, "ok", NF]],
  ["dispute.review", othersDispute, [SIGN_IN, NF, NF, FB, FB, NF, NF, "ok", NF]],
  // Sent to me: only as a coordinator of another village than the seller's, or as an admin.
  ["dispute.review", othersDisputeSentToMe, [SIGN_IN, NF, NF, FB, FB, "ok", NF, "ok", NF]],
  ["dispute.view", othersDisputeSentToMe, [SIGN_IN, NF, NF, "ok", "ok", "ok", NF, "ok", NF]],
  ["dispute.decide", othersDisputeSentToMe, [SIGN_IN, NF, NF, "ok", "ok", FB, NF, "ok", NF]],
  ["disputes.queue", { type: "site" }, [SIGN_IN, FB, FB, "ok", "ok", "ok", FB, "ok", FB]],
  ["disputes.reviewers", { type: "site" }, [SIGN_IN, FB, FB, FB, FB, FB, FB, "ok", FB]],
  ["inbox.view", notOwn, [SIGN_IN, NF, NF, NF, NF, NF, NF, NF, NF]],
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
  ["backups.manage", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
  ["metrics.view", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
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
  // Issue 17: the hub's own coordinator (or an admin) manages its lanes; another hub's coordinator does not.
  ["lanes.manage", village, [SIGN_IN, FB, FB, "ok", "ok", FB, FB, "ok", FB]],
  ["lanes.manage", { type: "site" }, [SIGN_IN, FB, FB, FB, FB, FB, FB, FB, FB]],
  ["pickup_point.open", village, [SIGN_IN, FB, FB, "ok", "ok", FB, FB, "ok", FB]],
  // Issue 17 (admin links): a hub's pickup points, like its lanes, are its coordinator's and an admin's, never another hub's.
  ["pickup_points.manage", village, [SIGN_IN, FB, FB, "ok", "ok", FB, FB, "ok", FB]],
  ["pickup_points.manage", { type: "site" }, [SIGN_IN, FB, FB, FB, FB, FB, FB, FB, FB]],
  // Editing a lane is lanes.manage on the lane's hub: the other village's coordinator is refused (above: otherCoordinator FB).
  ["hub.view", village, [SIGN_IN, FB, FB, "ok", "ok", FB, FB, FB, FB]],
  // Carrier payouts: a lane's payee (who receives its delivery fees) is set by its hub's coordinator or an admin only.
  ["lane.payee.set", village, [SIGN_IN, FB, FB, "ok", "ok", FB, FB, "ok", FB]],
  ["lane.payee.set", { type: "village", villageId: OTHER_VILLAGE }, [SIGN_IN, FB, FB, FB, "ok", "ok", FB, "ok", FB]],
  ["hubs.manage", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "auth.forbidden"]],
  ["village.page.edit", village, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  ["village.poster.print", village, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  ["village.poster.print", { type: "village", villageId: OTHER_VILLAGE }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  // Issue 15 §2: an assisted seller's payout account, recorded by the coordinator of the seller's own village only.
  ["payout.destination.assist", { type: "shop", sellerUserId: SOMEONE_ELSE, villageId: VILLAGE, assisted: true }, [SIGN_IN, FB, FB, "ok", "ok", FB, FB, FB, FB]],
  ["payout.destination.assist", { type: "shop", sellerUserId: SOMEONE_ELSE, villageId: OTHER_VILLAGE, assisted: true }, [SIGN_IN, FB, FB, FB, "ok", "ok", FB, FB, FB]],
  ["payout.destination.assist", { type: "shop", sellerUserId: SOMEONE_ELSE, villageId: VILLAGE, assisted: false }, [SIGN_IN, FB, FB, FB, FB, FB, FB, FB, FB]],
  ["payout.destination.assist", village, [SIGN_IN, FB, FB, FB, FB, FB, FB, FB, FB]],
  ["village.page.edit", { type: "site" }, ["auth.sign_in_required", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
  // Issue 16 §5–6: a seller's quality index is their own; a village's reviews and referred flags its coordinator's;
  // the thresholds and the one moderation queue the admins'.
  ["quality.view", own, [SIGN_IN, NF, "ok", NF, NF, NF, NF, NF, NF]],
  ["quality.view", notOwn, [SIGN_IN, NF, NF, NF, NF, NF, NF, NF, NF]],
  ["quality.village", village, [SIGN_IN, FB, FB, "ok", "ok", FB, FB, FB, FB]],
  ["quality.village", { type: "village", villageId: OTHER_VILLAGE }, [SIGN_IN, FB, FB, FB, "ok", "ok", FB, FB, FB]],
  ["quality.village", { type: "site" }, [SIGN_IN, FB, FB, FB, FB, FB, FB, FB, FB]],
  ["quality.settings", { type: "site" }, [SIGN_IN, FB, FB, FB, FB, FB, FB, "ok", FB]],
  ["moderation.queue", { type: "site" }, [SIGN_IN, FB, FB, FB, FB, FB, FB, "ok", FB]],
  ["moderation.decide", { type: "site" }, [SIGN_IN, FB, FB, FB, FB, FB, FB, "ok", FB]],
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

  // Issue 13 §3: the hub steps belong to one hub each. The parcel is made in VILLAGE and
  // collected at point 7 in OTHER_VILLAGE: receiving and sending happen where the goods are
  // (the seller's hub), arrival where they are collected (the point's hub, or its operator).
  describe("hub steps on an order from VILLAGE to a point in OTHER_VILLAGE", () => {
    const order: Resource = { type: "order", buyerUserId: SOMEONE_ELSE, sellerUserId: SOMEONE_ELSE, sellerVillageId: VILLAGE, pickupPointId: 7, pickupVillageId: OTHER_VILLAGE };
    const operatorOf = (pickupPointId: number): Actor => ({ userId: ME, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId }] });
    const cases: [string, Actor, { receiveSend: Expect; arrive: Expect; handover: Expect }][] = [
      ["the seller's hub (origin coordinator)", actors.coordinator ?? null, { receiveSend: "ok", arrive: "auth.forbidden", handover: "auth.forbidden" }],
      ["the point's hub (destination coordinator)", actors.otherCoordinator ?? null, { receiveSend: "auth.forbidden", arrive: "ok", handover: "ok" }],
      ["a coordinator of both villages", actors.coordinatorOfTwo ?? null, { receiveSend: "ok", arrive: "ok", handover: "ok" }],
      ["the point's operator", operatorOf(7), { receiveSend: "auth.forbidden", arrive: "auth.forbidden", handover: "ok" }],
      ["another point's operator", operatorOf(8), { receiveSend: "auth.forbidden", arrive: "auth.forbidden", handover: "auth.forbidden" }],
      ["an admin", actors.admin ?? null, { receiveSend: "auth.forbidden", arrive: "auth.forbidden", handover: "auth.forbidden" }],
      ["a seller of VILLAGE", actors.seller ?? null, { receiveSend: "auth.forbidden", arrive: "auth.forbidden", handover: "auth.forbidden" }],
      ["anonymous", null, { receiveSend: "auth.sign_in_required", arrive: "auth.sign_in_required", handover: "auth.sign_in_required" }],
    ];
    const answer = (actor: Actor, action: Action) => {
      const result = can(actor, action, order);
      return result.ok ? "ok" : result.reason;
    };
    for (const [name, actor, expected] of cases) {
      it(`${name}: receive/send ${expected.receiveSend}, arrive ${expected.arrive}, arrive as the point ${expected.handover}`, () => {
        expect(answer(actor, "order.hub_receive_send")).toBe(expected.receiveSend);
        expect(answer(actor, "order.hub_arrive")).toBe(expected.arrive);
        expect(answer(actor, "order.handover")).toBe(expected.handover);
      });
    }
    it("a hub step on something that is not an order is refused", () => {
      expect(can(actors.coordinatorOfTwo ?? null, "order.hub_receive_send", village).ok).toBe(false);
      expect(can(actors.coordinatorOfTwo ?? null, "order.hub_arrive", village).ok).toBe(false);
    });
  });

  // Issue 14 §5–6: the way back has the way out's parties in reverse. The order was made in
  // VILLAGE and collected at point 7 in OTHER_VILLAGE.
  describe("the way back of an order from VILLAGE collected at a point in OTHER_VILLAGE", () => {
    const order: Resource = { type: "order", buyerUserId: SOMEONE_ELSE, sellerUserId: SOMEONE_ELSE, sellerVillageId: VILLAGE, pickupPointId: 7, pickupVillageId: OTHER_VILLAGE };
    const operatorOf = (pickupPointId: number): Actor => ({ userId: ME, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId }] });
    const ACTIONS = ["order.storage_extend", "order.return_request", "order.return_decide", "order.return_take", "order.return_send", "order.return_arrive"] as const;
    const cases: [string, Actor, Resource, Expect[]][] = [
      ["its buyer", actors.buyer ?? null, { ...order, buyerUserId: ME }, ["ok", "ok", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
      ["another buyer", actors.buyer ?? null, order, ["auth.not_found", "auth.not_found", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
      ["the seller's hub", actors.coordinator ?? null, order, ["auth.not_found", "auth.not_found", "ok", "auth.forbidden", "auth.forbidden", "ok"]],
      ["the point's hub", actors.otherCoordinator ?? null, order, ["auth.not_found", "auth.not_found", "auth.forbidden", "ok", "ok", "auth.forbidden"]],
      ["the point's operator", operatorOf(7), order, ["auth.not_found", "auth.not_found", "auth.forbidden", "ok", "ok", "auth.forbidden"]],
      ["another point's operator", operatorOf(8), order, ["auth.not_found", "auth.not_found", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
      ["a third village's coordinator", { userId: ME, grants: [grant("coordinator", 3)] }, order, ["auth.not_found", "auth.not_found", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
      ["an admin", actors.admin ?? null, order, ["auth.not_found", "auth.not_found", "auth.forbidden", "auth.forbidden", "auth.forbidden", "auth.forbidden"]],
      ["anonymous", null, order, ["auth.sign_in_required", "auth.sign_in_required", "auth.sign_in_required", "auth.sign_in_required", "auth.sign_in_required", "auth.sign_in_required"]],
    ];
    for (const [name, actor, resource, expected] of cases) {
      it(`${name}: ${ACTIONS.map((a, i) => `${a} ${expected[i]}`).join(", ")}`, () => {
        expect(ACTIONS.map((action) => {
          const result = can(actor, action, resource);
          return result.ok ? "ok" : result.reason;
        })).toEqual(expected);
      });
    }
    it("a step of the way back on something that is not an order is refused", () => {
      for (const action of ACTIONS) expect(can(actors.coordinatorOfTwo ?? null, action, village).ok, action).toBe(false);
    });
  });

  it("links the shell only to the areas the roles open", () => {
    expect(areasFor(null)).toEqual({ seller: false, coordinator: false, operator: false, analyst: false, admin: false });
    expect(areasFor(actors.buyer ?? null)).toEqual({ seller: true, coordinator: false, operator: false, analyst: false, admin: false });
    expect(areasFor(actors.coordinator ?? null)).toEqual({ seller: true, coordinator: true, operator: false, analyst: false, admin: false });
    expect(areasFor(actors.admin ?? null)).toEqual({ seller: true, coordinator: false, operator: false, analyst: true, admin: true });
    const operator: Actor = { userId: ME, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId: 7 }] };
    expect(areasFor(operator)).toEqual({ seller: true, coordinator: false, operator: true, analyst: false, admin: false });
  });
});

describe("shipments (issue 17 §3–4): the sending hub loads and resolves, the receiving point unloads", () => {
  const shipment: Resource = { type: "shipment", fromVillageId: VILLAGE, toPickupPointId: 7, toVillageId: OTHER_VILLAGE };
  const operatorHere: Actor = { userId: ME, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId: 7 }] };
  const operatorElsewhere: Actor = { userId: ME, grants: [{ role: "operator", villageId: null, regionId: null, pickupPointId: 8 }] };
  const cases: [string, Actor, Record<"shipment.view" | "shipment.load" | "shipment.receive" | "shipment.resolve", Expect>][] = [
    ["anonymous", null, { "shipment.view": SIGN_IN, "shipment.load": SIGN_IN, "shipment.receive": SIGN_IN, "shipment.resolve": SIGN_IN }],
    ["buyer", actors.buyer ?? null, { "shipment.view": NF, "shipment.load": FB, "shipment.receive": FB, "shipment.resolve": FB }],
    ["the sending hub's coordinator", actors.coordinator ?? null, { "shipment.view": "ok", "shipment.load": "ok", "shipment.receive": FB, "shipment.resolve": "ok" }],
    ["the receiving village's coordinator", actors.otherCoordinator ?? null, { "shipment.view": "ok", "shipment.load": FB, "shipment.receive": "ok", "shipment.resolve": FB }],
    ["the point's operator", operatorHere, { "shipment.view": "ok", "shipment.load": FB, "shipment.receive": "ok", "shipment.resolve": FB }],
    ["another point's operator", operatorElsewhere, { "shipment.view": NF, "shipment.load": FB, "shipment.receive": FB, "shipment.resolve": FB }],
    ["an admin", actors.admin ?? null, { "shipment.view": NF, "shipment.load": FB, "shipment.receive": FB, "shipment.resolve": FB }],
  ];
  for (const [who, actor, expected] of cases) {
    for (const [action, outcome] of Object.entries(expected) as [Action, Expect][]) {
      it(`${who}: ${action} → ${outcome}`, () => {
        const result = can(actor, action, shipment);
        expect(result.ok ? "ok" : result.reason).toBe(outcome);
      });
    }
  }
  it("never on another kind of resource", () => {
    for (const action of ["shipment.view", "shipment.load", "shipment.receive", "shipment.resolve"] as const) expect(can(actors.coordinator ?? null, action, village).ok).toBe(false);
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
});
