import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setConnection, type Connection, type Db } from "../../app/db.server";
import { checkLedgerInvariants } from "../../app/domain/escrow/ledger-invariants.server";
import { grantRole, findOrCreateUser } from "../../app/domain/identity/users.server";
import { appointOperator, getPickupPoint } from "../../app/domain/logistics/pickup-points.server";
import { pickupPointValues } from "../../app/web/pickup-point-form";
import { setSmsSender, whenDelivered } from "../../app/domain/notify/outbox.server";
import { putInCart, userCartKey } from "../../app/domain/orders/cart.server";
import type { EventSource, OrderEvent } from "../../app/domain/orders/order-machine";
import { buyerPickupCode, handOver, takeReturn } from "../../app/domain/orders/handover.server";
import { applyOrderEvent } from "../../app/domain/orders/order-events.server";
import { getOrder } from "../../app/domain/orders/order-views.server";
import { signDevWebhook, devWebhookBody, DEV_SIGNATURE_HEADER } from "../../app/domain/payments/dev-provider.server";
import { getPaymentOfCheckout, setPaymentProvider, startCheckoutPayment } from "../../app/domain/payments/payments.server";
import * as adminHeld from "../../app/routes/admin_.held";
import * as adminMoney from "../../app/routes/admin_.money";
import * as cart from "../../app/routes/cart";
import * as checkoutRoute from "../../app/routes/checkout";
import * as hub from "../../app/routes/coordinator_.$village_.hub";
import * as pointEdit from "../../app/routes/coordinator_.$village_.pickup-points.$id";
import * as pointList from "../../app/routes/coordinator_.$village_.pickup-points._index";
import * as devPay from "../../app/routes/dev.pay.$reference";
import * as operator from "../../app/routes/operator";
import * as operatorPoint from "../../app/routes/operator_.points.$id";
import * as orderPage from "../../app/routes/orders.$id";
import * as queuedStep from "../../app/routes/orders.$id.queued";
import * as myOrders from "../../app/routes/orders._index";
import * as placed from "../../app/routes/orders.checkout.$id";
import * as pickupPoints from "../../app/routes/pickup-points";
import * as sellerMoney from "../../app/routes/seller_.money";
import * as sellerOrders from "../../app/routes/seller_.orders";
import * as webhook from "../../app/routes/webhooks.payments.$provider";
import { auditLog, sellers, users, villages } from "../../db/schema";
import { BASE, context, get, post, recordingSender, testApp, type Answer } from "../support/app";
import { signIn } from "../support/identity";
import { makePickupPoint, makeSeller, makeVillage } from "../support/ledger";
import { buy, devProvider, makeListing, payCheckout, WEBHOOK_SECRET } from "../support/orders";

/**
 * SEC-08 for the order routes: every loader and action × eleven personas,
 * called directly with Request objects against a copy of one world built
 * from the migrations. The order's seller lives in village S, its pickup
 * point in village P, and village U is unrelated (another seller, another
 * point, a coordinator of its own). 404 where existence must not leak.
 */
const PERSONAS = [
  "anonymous",
  "buyer",
  "otherBuyer",
  "seller",
  "otherSeller",
  "sellerCoordinator",
  "pointCoordinator",
  "unrelatedCoordinator",
  "operator",
  "otherOperator",
  "admin",
] as const;
type Persona = (typeof PERSONAS)[number];
type SignedIn = Exclude<Persona, "anonymous">;

/** The order in each state the order page's intents start from. */
const STATES = [
  "pendingPayment",
  "paid",
  "accepted",
  "dropped",
  "received",
  "inTransit",
  "ready",
  "locked",
  "pickedUp",
  "disputed",
  "completed",
  // The way back (issue 14 §5–6).
  "returnRequested",
  "returnApproved",
  "toReturn",
  "returnInTransit",
] as const;
type State = (typeof STATES)[number];

const PRICE_TIYN = 100_000;

async function world() {
  const app = testApp();
  const { db, sms } = app;
  const now = new Date();
  const villageS = makeVillage(db, "Сатушы ауылы");
  const villageP = makeVillage(db, "Пункт ауылы");
  const villageU = makeVillage(db, "Басқа ауыл");
  const slugOf = (id: number) => db.select({ slug: villages.slug }).from(villages).where(eq(villages.id, id)).get()!.slug;
  const point = makePickupPoint(db, villageP, "Пункт дүкені");
  const otherPoint = makePickupPoint(db, villageU, "Басқа дүкен");

  const phone = (n: number) => `+770120000${String(n).padStart(2, "0")}`;
  const person = (n: number) => findOrCreateUser(db, phone(n), now).id;
  const seller = makeSeller(db, villageS, "Асқар");
  const otherSeller = makeSeller(db, villageU, "Гүлнар");
  db.update(users).set({ phone: phone(4) }).where(eq(users.id, seller.userId)).run();
  db.update(users).set({ phone: phone(5) }).where(eq(users.id, otherSeller.userId)).run();
  const coordinator = (n: number, villageId: number) => {
    const userId = person(n);
    const granted = grantRole(db, { actorUserId: null, userId, role: "coordinator", villageId, ip: null }, now);
    if (!granted.ok) throw new Error(granted.reason);
    return userId;
  };
  const ids = {
    buyer: person(2),
    otherBuyer: person(3),
    seller: seller.userId,
    otherSeller: otherSeller.userId,
    sellerCoordinator: coordinator(6, villageS),
    pointCoordinator: coordinator(7, villageP),
    unrelatedCoordinator: coordinator(8, villageU),
    operator: person(9),
    otherOperator: person(10),
    admin: person(11),
  } satisfies Record<SignedIn, number>;
  const admin = grantRole(db, { actorUserId: null, userId: ids.admin, role: "admin", ip: null }, now);
  if (!admin.ok) throw new Error(admin.reason);
  for (const [userId, villageId, pickupPointId, n] of [
    [ids.pointCoordinator, villageP, point, 9],
    [ids.unrelatedCoordinator, villageU, otherPoint, 10],
  ] as const) {
    const appointed = appointOperator(db, { actorUserId: userId, villageId, pickupPointId, phone: phone(n), ip: null }, now);
    if (!appointed.ok) throw new Error(appointed.reason);
  }

  // Signed in before any order exists, so the outbox holds only the codes.
  const cookies = {} as Record<SignedIn, string>;
  for (const [persona, userId] of Object.entries(ids) as [SignedIn, number][]) {
    const phoneOf = db.select({ phone: users.phone }).from(users).where(eq(users.id, userId)).get()!.phone!;
    cookies[persona] = (await signIn(db, sms, phoneOf, now)).cookie;
  }

  const listing = makeListing(db, seller, { priceTiyn: PRICE_TIYN, stock: 100, title: "Орындық" });
  const otherListing = makeListing(db, otherSeller, { priceTiyn: PRICE_TIYN, stock: 100, title: "Кілем" });

  const provider = devProvider(() => new Date());
  setPaymentProvider(provider);
  const event = (orderId: number, name: OrderEvent, by: EventSource, actorUserId: number, reason: string | null = null) => {
    const result = applyOrderEvent(db, { orderId, event: name, by, actorUserId, reason }, now);
    if (!result.ok) throw new Error(`${name}: ${result.reason}`);
  };
  const code = (orderId: number) => buyerPickupCode(db, getOrder(db, orderId)!) ?? "";
  const handOverWith = (orderId: number, pickupCode: string, cashTiyn?: number) => handOver(db, { orderId, code: pickupCode, actorUserId: ids.operator, cashTiyn }, now);
  const wrongCode = (orderId: number) => (code(orderId) === "000000" ? "111111" : "000000");

  /** An online order of one chair from the seller, paid, walked to `state`. */
  const order = async (state: State) => {
    const placedOrder = buy(db, { buyerUserId: ids.buyer, pickupPointId: point, lines: [{ listingId: listing, quantity: 1 }] }, now);
    if (!placedOrder.ok) throw new Error(placedOrder.reason);
    const orderId = placedOrder.orderIds[0]!;
    if (state === "pendingPayment") {
      await startCheckoutPayment(db, placedOrder.checkoutId, now);
      return { orderId, checkoutId: placedOrder.checkoutId };
    }
    await payCheckout(db, provider, placedOrder.checkoutId, now);
    const steps: [State, () => void][] = [
      ["accepted", () => event(orderId, "accept", "seller", ids.seller)],
      ["dropped", () => event(orderId, "drop", "seller", ids.seller)],
      ["received", () => event(orderId, "receive", "hub", ids.sellerCoordinator)],
      ["inTransit", () => event(orderId, "send", "hub", ids.sellerCoordinator)],
      ["ready", () => event(orderId, "arrive", "hub", ids.pointCoordinator)],
      ["pickedUp", () => void handOverWith(orderId, code(orderId))],
    ];
    for (const [reached, step] of steps) {
      if (state === "paid") break;
      step();
      if (reached === state) break;
      if (state === "locked" && reached === "ready") {
        for (let i = 0; i < 5; i++) handOverWith(orderId, wrongCode(orderId));
        break;
      }
    }
    if (state === "disputed") event(orderId, "dispute", "buyer", ids.buyer, "Аяғы сынық");
    if (state === "completed") event(orderId, "confirm", "buyer", ids.buyer);
    // A return after pickup, walked as far as the state: asked, approved, taken back at the point, sent back.
    const wayBack: [State, () => void][] = [
      ["returnRequested", () => event(orderId, "return_request", "buyer", ids.buyer, "Түсі келмеді")],
      ["returnApproved", () => event(orderId, "return_approve", "seller", ids.seller)],
      ["toReturn", () => void takeReturn(db, { orderId, code: code(orderId), actorUserId: ids.operator }, now)],
      ["returnInTransit", () => event(orderId, "return_send", "hub", ids.operator)],
    ];
    const depth = wayBack.findIndex(([reached]) => reached === state);
    for (const [, step] of wayBack.slice(0, depth + 1)) step();
    return { orderId, checkoutId: placedOrder.checkoutId };
  };
  const orders = {} as Record<State, { orderId: number; checkoutId: number }>;
  for (const state of STATES) orders[state] = await order(state);
  for (const [state, status] of [
    ["paid", "paid"],
    ["accepted", "accepted"],
    ["dropped", "handed_over"],
    ["received", "handed_over"],
    ["inTransit", "in_transit"],
    ["ready", "ready_for_pickup"],
    ["locked", "ready_for_pickup"],
    ["pickedUp", "picked_up"],
    ["disputed", "disputed"],
    ["completed", "completed"],
    ["pendingPayment", "pending_payment"],
    ["returnRequested", "return_requested"],
    ["returnApproved", "return_approved"],
    ["toReturn", "to_return"],
    ["returnInTransit", "return_in_transit"],
  ] as const) {
    expect(getOrder(db, orders[state].orderId)?.status, state).toBe(status);
  }
  expect(getOrder(db, orders.locked.orderId)?.pickupLockedAt).not.toBeNull();
  const readyCode = code(orders.ready.orderId);
  const returnCode = code(orders.returnApproved.orderId);

  // A cash order collected at the point: the point owes its cash to the hub of village P.
  const cash = buy(db, { buyerUserId: ids.buyer, pickupPointId: point, lines: [{ listingId: listing, quantity: 1 }], paymentMethod: "cash" }, now);
  if (!cash.ok) throw new Error(cash.reason);
  const cashId = cash.orderIds[0]!;
  event(cashId, "drop", "seller", ids.seller);
  event(cashId, "receive", "hub", ids.sellerCoordinator);
  event(cashId, "send", "hub", ids.sellerCoordinator);
  event(cashId, "arrive", "hub", ids.pointCoordinator);
  const collected = handOverWith(cashId, code(cashId), PRICE_TIYN);
  if (!collected.ok) throw new Error(collected.reason);

  // Everyone has a chair in the cart, so the checkout page has something to show.
  for (const userId of Object.values(ids)) {
    const put = putInCart(db, { cartKey: userCartKey(userId), listingId: otherListing, quantity: 1 }, now);
    if (!put.ok) throw new Error(put.reason);
  }

  const payment = getPaymentOfCheckout(db, orders.paid.checkoutId)!;
  const pendingPayment = getPaymentOfCheckout(db, orders.pendingPayment.checkoutId)!;
  const pointRow = getPickupPoint(db, point)!;
  const pointFields = Object.fromEntries(Object.entries(pickupPointValues(pointRow)).filter((e): e is [string, string] => typeof e[1] === "string"));
  return {
    app,
    ids,
    cookies,
    orders,
    readyCode,
    returnCode,
    point,
    otherPoint,
    listing,
    slugs: { S: slugOf(villageS), P: slugOf(villageP), U: slugOf(villageU) },
    payment: { reference: payment.providerRef, amountTiyn: payment.amountTiyn },
    pendingPayment: { reference: pendingPayment.providerRef, amountTiyn: pendingPayment.amountTiyn },
    pointFields,
  };
}

type World = Omit<Awaited<ReturnType<typeof world>>, "app">;

// Built once (eleven sign-ins, a dozen orders walked through the real use
// cases) and copied per case: each case may write.
let template: { file: string; world: World };
const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-orders-authz-"));
let current: Connection | undefined;
let currentFile: string | undefined;

beforeAll(async () => {
  const { app, ...built } = await world();
  const file = path.join(templateDir, "template.db");
  app.sqlite.exec(`VACUUM INTO '${file}'`);
  template = { file, world: built };
});

function copyOfWorld(): { w: World; db: Db; sqlite: Connection["sqlite"] } {
  const file = path.join(templateDir, `case-${crypto.randomUUID()}.db`);
  fs.copyFileSync(template.file, file);
  current = openDatabase(file);
  currentFile = file;
  setConnection(current);
  setSmsSender(recordingSender());
  setPaymentProvider(devProvider(() => new Date()));
  return { w: template.world, db: current.db, sqlite: current.sqlite };
}

afterEach(async () => {
  // The order page's action pays refunds and sends SMS after it answers; let that finish first.
  await whenDelivered();
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (current) expect(checkLedgerInvariants(current.db)).toEqual([]);
  current?.sqlite.close();
  current = undefined;
  for (const suffix of ["", "-wal", "-shm"]) if (currentFile) fs.rmSync(currentFile + suffix, { force: true });
  currentFile = undefined;
});
afterAll(() => {
  setPaymentProvider(undefined);
  fs.rmSync(templateDir, { recursive: true, force: true });
});

const cookieOf = (w: World, persona: Persona) => (persona === "anonymous" ? undefined : w.cookies[persona]);

// ---------------------------------------------------------------------------
// Loaders and actions × personas

type Expect = Record<Persona, number>;
const all = (status: number): Expect => Object.fromEntries(PERSONAS.map((p) => [p, status])) as Expect;
const signedIn = (status: number): Expect => ({ ...all(status), anonymous: 302 });
const only = (who: Persona[], status: number, others = 403): Expect => ({ ...signedIn(others), ...Object.fromEntries(who.map((p) => [p, status])) });

/** Who may see the order: its buyer, its seller, both coordinators, the point's operator, an admin. */
const VIEWERS: Persona[] = ["buyer", "seller", "sellerCoordinator", "pointCoordinator", "operator", "admin"];
const NOT_VIEWERS: Persona[] = ["otherBuyer", "otherSeller", "unrelatedCoordinator", "otherOperator"];

interface Row {
  route: string;
  run: (w: World, cookie: string | undefined) => Promise<Answer>;
  expect: Expect;
}

const ROWS: Row[] = [
  { route: "GET /cart", run: (_w, cookie) => get(cart.loader, "/cart", { cookie }), expect: all(200) },
  { route: "POST /cart add", run: (w, cookie) => post(cart.action, "/cart", { intent: "add", listingId: String(w.listing), quantity: "1" }, { cookie }), expect: all(303) },
  { route: "GET /checkout (a chair in the cart)", run: (_w, cookie) => get(checkoutRoute.loader, "/checkout", { cookie }), expect: signedIn(200) },
  {
    route: "POST /checkout cash",
    run: (w, cookie) => post(checkoutRoute.action, "/checkout", { pickupPointId: String(w.point), paymentMethod: "cash", idempotencyKey: `checkout:1:${crypto.randomUUID()}` }, { cookie }),
    expect: signedIn(303),
  },
  { route: "GET /orders", run: (_w, cookie) => get(myOrders.loader, "/orders", { cookie }), expect: signedIn(200) },
  {
    route: "GET /orders/:id (accepted)",
    run: (w, cookie) => get(orderPage.loader, `/orders/${w.orders.accepted.orderId}`, { cookie, params: { id: String(w.orders.accepted.orderId) } }),
    expect: { ...only(VIEWERS, 200), ...Object.fromEntries(NOT_VIEWERS.map((p) => [p, 404])) },
  },
  {
    route: "GET /orders/:id (disputed)",
    run: (w, cookie) => get(orderPage.loader, `/orders/${w.orders.disputed.orderId}`, { cookie, params: { id: String(w.orders.disputed.orderId) } }),
    expect: { ...only(VIEWERS, 200), ...Object.fromEntries(NOT_VIEWERS.map((p) => [p, 404])) },
  },
  { route: "GET /orders/999999 (no such order)", run: (_w, cookie) => get(orderPage.loader, "/orders/999999", { cookie, params: { id: "999999" } }), expect: signedIn(404) },
  { route: "POST /orders/999999 (no such order)", run: (_w, cookie) => post(orderPage.action, "/orders/999999", { intent: "confirm" }, { cookie, params: { id: "999999" } }), expect: signedIn(404) },
  {
    route: "GET /orders/checkout/:id (the buyer's checkout)",
    run: (w, cookie) => get(placed.loader, `/orders/checkout/${w.orders.paid.checkoutId}`, { cookie, params: { id: String(w.orders.paid.checkoutId) } }),
    expect: only(["buyer"], 200, 404),
  },
  { route: "GET /orders/checkout/999999", run: (_w, cookie) => get(placed.loader, "/orders/checkout/999999", { cookie, params: { id: "999999" } }), expect: signedIn(404) },
  {
    route: "GET /dev/pay/:reference (the buyer's payment)",
    run: (w, cookie) => get(devPay.loader, `/dev/pay/${w.payment.reference}`, { cookie, params: { reference: w.payment.reference } }),
    expect: only(["buyer"], 200, 404),
  },
  {
    route: "POST /dev/pay/:reference approve (already captured)",
    run: (w, cookie) => post(devPay.action, `/dev/pay/${w.payment.reference}`, { decision: "approve" }, { cookie, params: { reference: w.payment.reference } }),
    expect: only(["buyer"], 303, 404),
  },
  { route: "GET /dev/pay/pay_nosuch", run: (_w, cookie) => get(devPay.loader, "/dev/pay/pay_nosuch", { cookie, params: { reference: "pay_nosuch" } }), expect: signedIn(404) },
  { route: "GET /seller/orders", run: (_w, cookie) => get(sellerOrders.loader, "/seller/orders", { cookie }), expect: signedIn(200) },
  { route: "GET /seller/money", run: (_w, cookie) => get(sellerMoney.loader, "/seller/money", { cookie }), expect: signedIn(200) },
  { route: "GET /admin/money", run: (_w, cookie) => get(adminMoney.loader, "/admin/money", { cookie }), expect: only(["admin"], 200) },
  { route: "GET /admin/held (money past its deadline)", run: (_w, cookie) => get(adminHeld.loader, "/admin/held", { cookie }), expect: only(["admin"], 200) },
  { route: "POST /admin/money rates", run: (_w, cookie) => post(adminMoney.action, "/admin/money", { intent: "rates", platform: "3", coop: "2" }, { cookie }), expect: only(["admin"], 303) },
  {
    route: "POST /admin/money payout",
    run: (_w, cookie) => post(adminMoney.action, "/admin/money", { intent: "payout", minimum: "1", key: crypto.randomUUID() }, { cookie }),
    expect: only(["admin"], 303),
  },
  { route: "GET /coordinator/S/hub", run: (w, cookie) => get(hub.loader, `/coordinator/${w.slugs.S}/hub`, { cookie, params: { village: w.slugs.S } }), expect: only(["sellerCoordinator"], 200) },
  { route: "GET /coordinator/P/hub", run: (w, cookie) => get(hub.loader, `/coordinator/${w.slugs.P}/hub`, { cookie, params: { village: w.slugs.P } }), expect: only(["pointCoordinator"], 200) },
  { route: "GET /coordinator/no-such/hub", run: (_w, cookie) => get(hub.loader, "/coordinator/no-such/hub", { cookie, params: { village: "no-such" } }), expect: all(404) },
  {
    route: "POST /coordinator/P/hub bank the point's cash",
    run: (w, cookie) => post(hub.action, `/coordinator/${w.slugs.P}/hub`, { pickupPointId: String(w.point), amount: "1", key: crypto.randomUUID() }, { cookie, params: { village: w.slugs.P } }),
    expect: only(["pointCoordinator"], 303),
  },
  {
    route: "POST /coordinator/U/hub bank a village P point's cash (point of another village)",
    run: (w, cookie) => post(hub.action, `/coordinator/${w.slugs.U}/hub`, { pickupPointId: String(w.point), amount: "1", key: crypto.randomUUID() }, { cookie, params: { village: w.slugs.U } }),
    expect: only(["unrelatedCoordinator"], 404),
  },
  // A hub's pickup points: its coordinator, or an admin (linked from /admin/hubs, like the hub's lanes); through another village's address a point is not found.
  {
    route: "GET /coordinator/P/pickup-points",
    run: (w, cookie) => get(pointList.loader, `/coordinator/${w.slugs.P}/pickup-points`, { cookie, params: { village: w.slugs.P } }),
    expect: only(["pointCoordinator", "admin"], 200),
  },
  {
    route: "POST /coordinator/P/pickup-points create",
    run: (w, cookie) =>
      post(pointList.action, `/coordinator/${w.slugs.P}/pickup-points`, { ...w.pointFields, name: "Жаңа пункт", intent: "create" }, { cookie, params: { village: w.slugs.P } }),
    expect: only(["pointCoordinator", "admin"], 303),
  },
  {
    route: "GET /coordinator/P/pickup-points/:id",
    run: (w, cookie) => get(pointEdit.loader, `/coordinator/${w.slugs.P}/pickup-points/${w.point}`, { cookie, params: { village: w.slugs.P, id: String(w.point) } }),
    expect: only(["pointCoordinator", "admin"], 200),
  },
  {
    route: "GET /coordinator/U/pickup-points/:id (a village P point)",
    run: (w, cookie) => get(pointEdit.loader, `/coordinator/${w.slugs.U}/pickup-points/${w.point}`, { cookie, params: { village: w.slugs.U, id: String(w.point) } }),
    expect: only(["unrelatedCoordinator", "admin"], 404),
  },
  {
    route: "POST /coordinator/P/pickup-points/:id save",
    run: (w, cookie) =>
      post(pointEdit.action, `/coordinator/${w.slugs.P}/pickup-points/${w.point}`, { ...w.pointFields, intent: "save" }, { cookie, params: { village: w.slugs.P, id: String(w.point) } }),
    expect: only(["pointCoordinator", "admin"], 303),
  },
  {
    route: "POST /coordinator/U/pickup-points/:id save (a village P point)",
    run: (w, cookie) =>
      post(pointEdit.action, `/coordinator/${w.slugs.U}/pickup-points/${w.point}`, { ...w.pointFields, intent: "save" }, { cookie, params: { village: w.slugs.U, id: String(w.point) } }),
    expect: only(["unrelatedCoordinator", "admin"], 404),
  },
  { route: "GET /operator", run: (_w, cookie) => get(operator.loader, "/operator", { cookie }), expect: only(["operator", "otherOperator"], 200) },
  {
    route: "GET /operator/points/:id",
    run: (w, cookie) => get(operatorPoint.loader, `/operator/points/${w.point}`, { cookie, params: { id: String(w.point) } }),
    expect: only(["operator", "pointCoordinator"], 200),
  },
  // Pickup points are public (/pickup-points lists them), so a missing one may say so before sign-in.
  { route: "GET /operator/points/999999", run: (_w, cookie) => get(operatorPoint.loader, "/operator/points/999999", { cookie, params: { id: "999999" } }), expect: all(404) },
  { route: "GET /pickup-points", run: (_w, cookie) => get(pickupPoints.loader, "/pickup-points", { cookie }), expect: all(200) },
];

describe("order routes × personas (SEC-08)", () => {
  for (const row of ROWS) {
    describe(row.route, () => {
      for (const persona of PERSONAS) {
        it(`${persona} → ${row.expect[persona]}`, async () => {
          const { w } = copyOfWorld();
          const answer = await row.run(w, cookieOf(w, persona));
          expect(answer.status).toBe(row.expect[persona]);
          if (answer.status === 302 && persona === "anonymous") expect(answer.headers.get("Location")).toMatch(/^\/signin\?redirectTo=/);
        });
      }
    });
  }

  it("lists show only one's own orders: another buyer, another seller, an unrelated hub see none of them", async () => {
    const { w } = copyOfWorld();
    const mine = (await get(myOrders.loader, "/orders", { cookie: w.cookies.buyer })).data as { orders: { id: number }[] };
    expect(mine.orders.map((o) => o.id)).toContain(w.orders.accepted.orderId);
    const theirs = (await get(myOrders.loader, "/orders", { cookie: w.cookies.otherBuyer })).data as { orders: unknown[] };
    expect(theirs.orders).toEqual([]);
    const otherSeller = (await get(sellerOrders.loader, "/seller/orders", { cookie: w.cookies.otherSeller })).data as { open: unknown[]; done: unknown[] };
    expect([...otherSeller.open, ...otherSeller.done]).toEqual([]);
    const unrelatedHub = (await get(hub.loader, `/coordinator/${w.slugs.U}/hub`, { cookie: w.cookies.unrelatedCoordinator, params: { village: w.slugs.U } })).data as Record<string, unknown[]>;
    for (const list of ["toReceive", "toSend", "toShelve", "locked", "disputes", "returnRequests", "toSendBack", "comingBack"]) expect(unrelatedHub[list], list).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Assisted orders (issue 14 §4): the coordinator of the seller's own village, for a seller who chose it

const ASSISTED: { intent: string; from: State; fields: Record<string, string>; to: string }[] = [
  { intent: "accept", from: "paid", fields: { consent: "Асқар телефонмен сұрады" }, to: "accepted" },
  { intent: "decline", from: "paid", fields: { consent: "Асқар сұрады", reason: "Ағаш бітті" }, to: "cancelled" },
  { intent: "drop", from: "accepted", fields: { consent: "Асқар әкелді" }, to: "handed_over" },
];

describe("assisted orders: intent × persona (issue 14 §4)", () => {
  for (const c of ASSISTED) {
    for (const persona of PERSONAS) {
      // The seller acts for themselves; their own village's coordinator for them; a coordinator
      // of another village is not even told the order exists; nobody else may.
      const status = persona === "anonymous" ? 302 : NOT_VIEWERS.includes(persona) ? 404 : persona === "seller" || persona === "sellerCoordinator" ? 303 : 403;
      it(`${c.intent} for an assisted seller: ${persona} → ${status}`, async () => {
        const { w, sqlite, db } = copyOfWorld();
        db.update(sellers).set({ assistedOrders: true }).where(eq(sellers.userId, w.ids.seller)).run();
        const orderId = w.orders[c.from].orderId;
        const before = fingerprint(sqlite, orderId);
        const answer = await submit(w, persona, orderId, { intent: c.intent, ...c.fields });
        expect(answer.status).toBe(status);
        const after = fingerprint(sqlite, orderId);
        if (status !== 303) {
          expect(after).toEqual(before);
          return;
        }
        expect((after.order as { status: string }).status).toBe(c.to);
        const audits = db.select().from(auditLog).where(eq(auditLog.action, "order.assisted")).all();
        expect(audits).toHaveLength(persona === "sellerCoordinator" ? 1 : 0);
      });
    }
  }

  it("a seller who did not choose it is not acted for: their coordinator is refused (403), nothing changes", async () => {
    const { w, sqlite } = copyOfWorld();
    const orderId = w.orders.paid.orderId;
    const before = fingerprint(sqlite, orderId);
    expect((await submit(w, "sellerCoordinator", orderId, { intent: "accept", consent: "Сұрады" })).status).toBe(403);
    expect(fingerprint(sqlite, orderId)).toEqual(before);
  });

  it("without the seller's consent note the coordinator's step is refused (400) and nothing changes", async () => {
    const { w, sqlite, db } = copyOfWorld();
    db.update(sellers).set({ assistedOrders: true }).where(eq(sellers.userId, w.ids.seller)).run();
    const orderId = w.orders.paid.orderId;
    const before = fingerprint(sqlite, orderId);
    const answer = await submit(w, "sellerCoordinator", orderId, { intent: "accept", consent: "   " });
    expect([answer.status, (answer.data as { error: string }).error]).toEqual([400, "orders.consent_required"]);
    expect(fingerprint(sqlite, orderId)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------
// The order page's action: each intent × each persona

interface IntentCase {
  intent: string;
  /** The state in which the intent is allowed. */
  from: State;
  fields: (w: World) => Record<string, string>;
  /** Who may fire it (can() and the intent's sources). */
  by: Persona[];
  /** The status after it applies. */
  to: string;
  /** A state in which it is refused (default: completed). */
  wrongState?: State;
}

const REASON = { reason: "Сынған" };
const INTENTS: IntentCase[] = [
  { intent: "confirm", from: "pickedUp", fields: () => ({}), by: ["buyer"], to: "completed" },
  // A dispute is opened on its file page since the ladder (decision 0033; tests/integration/disputes.test.ts).
  { intent: "buyer_cancel", from: "paid", fields: () => ({}), by: ["buyer"], to: "cancelled" },
  { intent: "accept", from: "paid", fields: () => ({}), by: ["seller"], to: "accepted" },
  { intent: "decline", from: "paid", fields: () => REASON, by: ["seller"], to: "cancelled" },
  { intent: "seller_cancel", from: "accepted", fields: () => REASON, by: ["seller"], to: "cancelled" },
  { intent: "drop", from: "accepted", fields: () => ({}), by: ["seller"], to: "handed_over" },
  // Issue 13 §3: receiving and sending belong to the seller's hub (where the goods are),
  // arrival to the point's hub and the point's operator (where they are collected).
  { intent: "receive", from: "accepted", fields: () => ({}), by: ["sellerCoordinator"], to: "handed_over" },
  { intent: "send", from: "received", fields: () => ({}), by: ["sellerCoordinator"], to: "in_transit" },
  { intent: "arrive", from: "inTransit", fields: () => ({}), by: ["pointCoordinator", "operator"], to: "ready_for_pickup" },
  { intent: "resolve_release", from: "disputed", fields: () => REASON, by: ["sellerCoordinator", "admin"], to: "completed" },
  { intent: "resolve_partial", from: "disputed", fields: () => ({ ...REASON, refund: "300" }), by: ["sellerCoordinator", "admin"], to: "completed" },
  { intent: "resolve_refund", from: "disputed", fields: () => REASON, by: ["sellerCoordinator", "admin"], to: "refunded" },
  { intent: "handover", from: "ready", fields: (w) => ({ code: w.readyCode }), by: ["pointCoordinator", "operator"], to: "picked_up" },
  { intent: "unlock", from: "locked", fields: () => REASON, by: ["sellerCoordinator", "pointCoordinator", "admin"], to: "ready_for_pickup" },
  // Issue 14 §5–6: the way back has the parties of the way out — the point's people start it, the seller's hub ends it.
  { intent: "extend_storage", from: "ready", fields: () => ({}), by: ["buyer"], to: "ready_for_pickup" },
  { intent: "return_request", from: "completed", fields: () => REASON, by: ["buyer"], to: "return_requested", wrongState: "ready" },
  { intent: "return_approve", from: "returnRequested", fields: () => ({}), by: ["seller", "sellerCoordinator"], to: "return_approved" },
  { intent: "return_refuse", from: "returnRequested", fields: () => REASON, by: ["seller", "sellerCoordinator"], to: "completed" },
  { intent: "return_take", from: "returnApproved", fields: (w) => ({ code: w.returnCode }), by: ["pointCoordinator", "operator"], to: "to_return" },
  { intent: "return_send", from: "toReturn", fields: () => ({}), by: ["pointCoordinator", "operator"], to: "return_in_transit" },
  { intent: "return_arrive", from: "returnInTransit", fields: () => ({}), by: ["sellerCoordinator"], to: "returned" },
];

/** What a refusal must leave as it was: the order, its events, the ledger, the outbox. */
function fingerprint(sqlite: Connection["sqlite"], orderId: number) {
  const count = (sql: string, ...args: unknown[]) => (sqlite.prepare(sql).get(...args) as { n: number }).n;
  return {
    order: sqlite.prepare("SELECT status, pickup_attempts, pickup_locked_at, cash_collected_tiyn, updated_at FROM orders WHERE id = ?").get(orderId),
    events: count("SELECT count(*) AS n FROM order_events WHERE order_id = ?", orderId),
    operations: count("SELECT count(*) AS n FROM ledger_operations"),
    transfers: count("SELECT count(*) AS n FROM ledger_transfers"),
    outbox: count("SELECT count(*) AS n FROM outbox_messages"),
  };
}

function expectedFor(c: IntentCase, persona: Persona, rightState: boolean): number {
  if (persona === "anonymous") return 302;
  if (NOT_VIEWERS.includes(persona)) return 404;
  if (!c.by.includes(persona)) return 403;
  return rightState ? 303 : 409;
}

async function submit(w: World, persona: Persona, orderId: number, fields: Record<string, string>) {
  return post(orderPage.action, `/orders/${orderId}`, fields, { cookie: cookieOf(w, persona), params: { id: String(orderId) } });
}

describe("order page action: intent × persona", () => {
  for (const c of INTENTS) {
    describe(`${c.intent} (from ${c.from})`, () => {
      for (const persona of PERSONAS) {
        const status = expectedFor(c, persona, true);
        it(`${persona} → ${status === 303 ? `applied (${c.to})` : `refused ${status}`}`, async () => {
          const { w, sqlite } = copyOfWorld();
          const orderId = w.orders[c.from].orderId;
          const before = fingerprint(sqlite, orderId);
          const answer = await submit(w, persona, orderId, { intent: c.intent, ...c.fields(w) });
          expect(answer.status).toBe(status);
          const after = fingerprint(sqlite, orderId);
          if (status === 303) {
            expect(answer.headers.get("Location")).toBe(`/orders/${orderId}`);
            expect((after.order as { status: string }).status).toBe(c.to);
            expect(after.events).toBeGreaterThan(before.events);
            if (c.intent === "unlock") expect((after.order as { pickup_locked_at: number | null }).pickup_locked_at).toBeNull();
          } else {
            expect(after).toEqual(before);
          }
        });
      }

      // The same intent on a completed order (or another it does not apply to): whoever may fire it is told 409, nothing moves.
      for (const persona of PERSONAS) {
        const status = expectedFor(c, persona, false);
        it(`on a ${c.wrongState ?? "completed"} order: ${persona} → refused ${status}`, async () => {
          const { w, sqlite } = copyOfWorld();
          const orderId = w.orders[c.wrongState ?? "completed"].orderId;
          const before = fingerprint(sqlite, orderId);
          const answer = await submit(w, persona, orderId, { intent: c.intent, ...c.fields(w) });
          expect(answer.status).toBe(status);
          if (status === 409) expect((answer.data as { error: string }).error).toBe("orders.not_allowed_now");
          expect(fingerprint(sqlite, orderId)).toEqual(before);
        });
      }
    });
  }

  const REFUSED_BY_MACHINE: { name: string; persona: Persona; from: State; fields: Record<string, string>; error: string }[] = [
    { name: "send before the hub received the parcel", persona: "sellerCoordinator", from: "dropped", fields: { intent: "send" }, error: "orders.not_received_at_hub" },
    { name: "the buyer cancels an accepted online order", persona: "buyer", from: "accepted", fields: { intent: "buyer_cancel" }, error: "orders.not_allowed_now" },
    { name: "the seller accepts twice", persona: "seller", from: "accepted", fields: { intent: "accept" }, error: "orders.not_allowed_now" },
    { name: "the buyer confirms before pickup", persona: "buyer", from: "ready", fields: { intent: "confirm" }, error: "orders.not_allowed_now" },
    { name: "the seller accepts an unpaid order", persona: "seller", from: "pendingPayment", fields: { intent: "accept" }, error: "orders.not_allowed_now" },
    { name: "hand over a locked parcel", persona: "operator", from: "locked", fields: { intent: "handover", code: "000000" }, error: "orders.parcel_locked" },
    { name: "unlock a parcel that is not locked", persona: "pointCoordinator", from: "ready", fields: { intent: "unlock", reason: "Тексеру" }, error: "orders.not_allowed_now" },
  ];
  for (const c of REFUSED_BY_MACHINE) {
    it(`409 and nothing changes: ${c.name}`, async () => {
      const { w, sqlite } = copyOfWorld();
      const orderId = w.orders[c.from].orderId;
      const before = fingerprint(sqlite, orderId);
      const answer = await submit(w, c.persona, orderId, c.fields);
      expect(answer.status).toBe(409);
      expect((answer.data as { error: string }).error).toBe(c.error);
      expect(fingerprint(sqlite, orderId)).toEqual(before);
    });
  }

  // Issue 14 §1: the buyer's answer to a later date is the buyer's only, and only while a date is asked.
  for (const intent of ["agree_date", "refuse_date"]) {
    for (const persona of PERSONAS) {
      const status = expectedFor({ intent, from: "paid", fields: () => ({}), by: ["buyer"], to: "accepted" }, persona, false);
      it(`${intent} with no date asked: ${persona} → refused ${status}`, async () => {
        const { w, sqlite } = copyOfWorld();
        const orderId = w.orders.paid.orderId;
        const before = fingerprint(sqlite, orderId);
        const answer = await submit(w, persona, orderId, { intent });
        expect(answer.status).toBe(status);
        if (status === 409) expect((answer.data as { error: string }).error).toBe("orders.not_allowed_now");
        expect(fingerprint(sqlite, orderId)).toEqual(before);
      });
    }
  }

  it("more time is only for goods made to order: the seller of a chair in stock is told so (409), nothing changes", async () => {
    const { w, sqlite } = copyOfWorld();
    const orderId = w.orders.accepted.orderId;
    const before = fingerprint(sqlite, orderId);
    const answer = await submit(w, "seller", orderId, { intent: "ask_more_time", reason: "Ағаш жоқ", readyAt: "2099-01-01" });
    expect([answer.status, (answer.data as { error: string }).error]).toEqual([409, "orders.not_made_to_order"]);
    expect(fingerprint(sqlite, orderId)).toEqual(before);
    expect((await submit(w, "seller", orderId, { intent: "ask_more_time", reason: "Ағаш жоқ", readyAt: "not a date" })).status).toBe(400);
  });

  it("the three-POST attack of issue 13 §3 fails: the point's hub cannot receive, send and shelve a parcel still with the seller", async () => {
    const { w, sqlite } = copyOfWorld();
    const orderId = w.orders.accepted.orderId;
    const before = fingerprint(sqlite, orderId);
    const answers: number[] = [];
    for (const intent of ["receive", "send", "arrive"]) answers.push((await submit(w, "pointCoordinator", orderId, { intent })).status);
    // Receive and send are not theirs to do; arrival is, but not of a parcel that never left the seller.
    expect(answers).toEqual([403, 403, 409]);
    const after = fingerprint(sqlite, orderId);
    expect((after.order as { status: string }).status).toBe("accepted");
    // No event, no ledger move, no "ready for pickup" SMS to the buyer, no storage clock.
    expect(after).toEqual(before);
    expect(getOrder(current!.db, orderId)?.deadlineKind).not.toBe("storage");
  });

  it("the seller's hub cannot mark a parcel arrived at another village's point", async () => {
    const { w, sqlite } = copyOfWorld();
    const orderId = w.orders.inTransit.orderId;
    const before = fingerprint(sqlite, orderId);
    expect((await submit(w, "sellerCoordinator", orderId, { intent: "arrive" })).status).toBe(403);
    expect(fingerprint(sqlite, orderId)).toEqual(before);
  });

  it("the order page shows each coordinator only their own hub steps", async () => {
    const { w } = copyOfWorld();
    const buttonsOf = async (persona: Persona, state: State) => {
      const orderId = w.orders[state].orderId;
      const answer = await get(orderPage.loader, `/orders/${orderId}`, { cookie: cookieOf(w, persona), params: { id: String(orderId) } });
      return (answer.data as { buttons: { event: string }[] }).buttons.map((b) => b.event);
    };
    expect(await buttonsOf("sellerCoordinator", "accepted")).toEqual(["receive"]);
    expect(await buttonsOf("pointCoordinator", "accepted")).toEqual([]);
    expect(await buttonsOf("sellerCoordinator", "received")).toEqual(["receive", "send"]);
    expect(await buttonsOf("pointCoordinator", "received")).toEqual([]);
    expect(await buttonsOf("sellerCoordinator", "inTransit")).toEqual([]);
    expect(await buttonsOf("pointCoordinator", "inTransit")).toEqual(["arrive"]);
    expect(await buttonsOf("operator", "inTransit")).toEqual(["arrive"]);
  });

  it("each hub screen offers its coordinator only their steps, and every step it offers is accepted", async () => {
    const { w } = copyOfWorld();
    type Listed = { id: number; buttons?: { event: string }[] };
    const hubOf = async (persona: Persona, village: "S" | "P") =>
      (await get(hub.loader, `/coordinator/${w.slugs[village]}/hub`, { cookie: cookieOf(w, persona), params: { village: w.slugs[village] } })).data as Record<string, Listed[]>;
    const offered = (screen: Record<string, Listed[]>) =>
      ["toReceive", "toSend", "toShelve"].flatMap((list) => (screen[list] ?? []).flatMap((o) => (o.buttons ?? []).map((b) => ({ list, id: o.id, event: b.event }))));
    const origin = offered(await hubOf("sellerCoordinator", "S"));
    const destination = offered(await hubOf("pointCoordinator", "P"));
    expect(new Set(origin.map((b) => b.event))).toEqual(new Set(["receive", "send"]));
    expect(destination.map((b) => b.event)).toEqual(["arrive"]);
    expect(destination).toContainEqual({ list: "toShelve", id: w.orders.inTransit.orderId, event: "arrive" });
    expect(origin).toContainEqual({ list: "toReceive", id: w.orders.accepted.orderId, event: "receive" });
    expect(origin).toContainEqual({ list: "toSend", id: w.orders.received.orderId, event: "send" });
    // What a screen offers, its coordinator may do (in the screen's order: receive before send).
    for (const [persona, buttons] of [["sellerCoordinator", origin], ["pointCoordinator", destination]] as const) {
      for (const b of buttons) expect((await submit(w, persona, b.id, { intent: b.event })).status, `${persona} ${b.event} #${b.id}`).toBe(303);
    }
  });

  it("the way back's hub lists: each hub offers only its own steps of the way back, and each is accepted", async () => {
    const { w } = copyOfWorld();
    type Listed = { id: number; buttons?: { event: string }[] };
    const hubOf = async (persona: Persona, village: "S" | "P") =>
      (await get(hub.loader, `/coordinator/${w.slugs[village]}/hub`, { cookie: cookieOf(w, persona), params: { village: w.slugs[village] } })).data as Record<string, Listed[]>;
    const origin = await hubOf("sellerCoordinator", "S");
    const destination = await hubOf("pointCoordinator", "P");
    const events = (list: Listed[] | undefined) => (list ?? []).map((o) => ({ id: o.id, events: (o.buttons ?? []).map((b) => b.event) }));
    expect(events(origin.returnRequests)).toEqual([{ id: w.orders.returnRequested.orderId, events: ["return_approve", "return_refuse"] }]);
    expect(events(origin.comingBack)).toEqual([{ id: w.orders.returnInTransit.orderId, events: ["return_arrive"] }]);
    expect(events(origin.toSendBack)).toEqual([]);
    expect(events(destination.toSendBack)).toEqual([{ id: w.orders.toReturn.orderId, events: ["return_send"] }]);
    expect(events(destination.returnRequests)).toEqual([]);
    expect(events(destination.comingBack)).toEqual([]);
    expect((await submit(w, "pointCoordinator", w.orders.toReturn.orderId, { intent: "return_send" })).status).toBe(303);
    expect((await submit(w, "sellerCoordinator", w.orders.returnInTransit.orderId, { intent: "return_arrive" })).status).toBe(303);
    // The point lists what waits to go back, and the returns buyers will bring.
    const screen = (await get(operatorPoint.loader, `/operator/points/${w.point}`, { cookie: cookieOf(w, "operator"), params: { id: String(w.point) } })).data as Record<string, Listed[]>;
    expect((screen.returnsExpected ?? []).map((o) => o.id)).toEqual([w.orders.returnApproved.orderId]);
  });

  it("the buyer's order page offers a return and one storage extension only while they may", async () => {
    const { w } = copyOfWorld();
    const page = async (state: State) => {
      const orderId = w.orders[state].orderId;
      const answer = await get(orderPage.loader, `/orders/${orderId}`, { cookie: cookieOf(w, "buyer"), params: { id: String(orderId) } });
      const data = answer.data as { buttons: { event: string }[]; returnUntil: string | null; extended: boolean };
      return { events: data.buttons.map((b) => b.event), returnUntil: data.returnUntil, extended: data.extended };
    };
    expect(await page("completed")).toMatchObject({ events: ["return_request"] });
    expect((await page("completed")).returnUntil).not.toBeNull();
    expect((await page("pickedUp")).events).toEqual(["confirm", "return_request"]);
    expect(await page("ready")).toMatchObject({ events: ["extend_storage"], extended: false });
    expect((await submit(w, "buyer", w.orders.ready.orderId, { intent: "extend_storage" })).status).toBe(303);
    expect(await page("ready")).toMatchObject({ events: [], extended: true });
    const again = await submit(w, "buyer", w.orders.ready.orderId, { intent: "extend_storage" });
    expect(again.status).toBe(409);
    expect((again.data as { error: string }).error).toBe("orders.already_extended");
  });

  it("another village's coordinator and another point's operator cannot start or end anyone's way back", async () => {
    const { w, sqlite } = copyOfWorld();
    for (const [persona, state, fields] of [
      ["unrelatedCoordinator", "toReturn", { intent: "return_send" }],
      ["otherOperator", "toReturn", { intent: "return_send" }],
      ["unrelatedCoordinator", "returnApproved", { intent: "return_take", code: w.returnCode }],
      ["otherOperator", "returnApproved", { intent: "return_take", code: w.returnCode }],
      ["pointCoordinator", "returnInTransit", { intent: "return_arrive" }],
      ["operator", "returnInTransit", { intent: "return_arrive" }],
      ["sellerCoordinator", "toReturn", { intent: "return_send" }],
      ["pointCoordinator", "returnRequested", { intent: "return_approve" }],
    ] as const) {
      const orderId = w.orders[state].orderId;
      const before = fingerprint(sqlite, orderId);
      const answer = await submit(w, persona, orderId, fields);
      expect([403, 404], `${persona} ${fields.intent}`).toContain(answer.status);
      expect(fingerprint(sqlite, orderId)).toEqual(before);
    }
  });

  for (const intent of ["pickup", "constructor", "__proto__", "toString"]) {
    it(`an unknown intent (${intent}) is 400 and changes nothing`, async () => {
      const { w, sqlite } = copyOfWorld();
      const orderId = w.orders.paid.orderId;
      const before = fingerprint(sqlite, orderId);
      const answer = await submit(w, "admin", orderId, { intent });
      expect(answer.status).toBe(400);
      expect(fingerprint(sqlite, orderId)).toEqual(before);
    });
  }
});

// ---------------------------------------------------------------------------
// The payment webhook: the signature decides

describe("payment webhook", () => {
  async function deliver(body: string, headers: Record<string, string>, provider = "dev") {
    const request = new Request(`${BASE}/webhooks/payments/${provider}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
    return (await webhook.action({ request, params: { provider }, context: context() })) as Response;
  }

  const cases: { name: string; status: number; headers: (body: string) => Record<string, string>; provider?: string }[] = [
    { name: "signed with another secret", status: 401, headers: (body) => ({ [DEV_SIGNATURE_HEADER]: signDevWebhook("not-the-secret", body, new Date()) }) },
    { name: "not signed", status: 401, headers: () => ({}) },
    { name: "a garbled signature", status: 401, headers: () => ({ [DEV_SIGNATURE_HEADER]: "t=1,v1=deadbeef" }) },
    { name: "signed too long ago", status: 401, headers: (body) => ({ [DEV_SIGNATURE_HEADER]: signDevWebhook(WEBHOOK_SECRET, body, new Date(Date.now() - 86_400_000)) }) },
    { name: "for another provider", status: 404, headers: (body) => ({ [DEV_SIGNATURE_HEADER]: signDevWebhook(WEBHOOK_SECRET, body, new Date()) }), provider: "kaspi" },
  ];
  for (const c of cases) {
    it(`a capture ${c.name} → ${c.status}, and the payment, the order and the ledger stay as they were`, async () => {
      const { w, sqlite } = copyOfWorld();
      const orderId = w.orders.pendingPayment.orderId;
      const payments = () => sqlite.prepare("SELECT status FROM payments WHERE provider_ref = ?").get(w.pendingPayment.reference);
      const paymentEvents = () => (sqlite.prepare("SELECT count(*) AS n FROM payment_events").get() as { n: number }).n;
      const before = { order: fingerprint(sqlite, orderId), payment: payments(), events: paymentEvents() };
      const body = devWebhookBody({ reference: w.pendingPayment.reference, type: "captured", amountTiyn: w.pendingPayment.amountTiyn, at: new Date() });
      const answer = await deliver(body, c.headers(body), c.provider);
      expect(answer.status).toBe(c.status);
      expect({ order: fingerprint(sqlite, orderId), payment: payments(), events: paymentEvents() }).toEqual(before);
    });
  }

  it("the same capture, rightly signed, is applied (so the refusals above were the signature's doing)", async () => {
    const { w } = copyOfWorld();
    const body = devWebhookBody({ reference: w.pendingPayment.reference, type: "captured", amountTiyn: w.pendingPayment.amountTiyn, at: new Date() });
    const answer = await deliver(body, { [DEV_SIGNATURE_HEADER]: signDevWebhook(WEBHOOK_SECRET, body, new Date()) });
    expect(answer.status).toBe(200);
    expect(getOrder(current!.db, w.orders.pendingPayment.orderId)?.status).toBe("paid");
  });
});

describe("the offline queue's endpoint (POST /orders/:id/queued, issue 20): intent × persona", () => {
  const QUEUED = new Set(["accept", "decline", "drop", "receive", "send", "arrive"]);
  for (const c of INTENTS.filter((i) => QUEUED.has(i.intent))) {
    for (const persona of PERSONAS) {
      const status = expectedFor(c, persona, true);
      const expected = status === 303 ? 200 : status;
      it(`${c.intent} (from ${c.from}), ${persona} → ${expected === 200 ? `applied once (${c.to})` : `refused ${expected}`}`, async () => {
        const { w, sqlite } = copyOfWorld();
        const orderId = w.orders[c.from].orderId;
        const before = fingerprint(sqlite, orderId);
        const fields = { intent: c.intent, idempotencyKey: crypto.randomUUID(), ...c.fields(w) };
        const send = () => post(queuedStep.action, `/orders/${orderId}/queued`, fields, { cookie: cookieOf(w, persona), params: { id: String(orderId) } });
        const answer = await send();
        expect(answer.status).toBe(expected);
        const after = fingerprint(sqlite, orderId);
        if (expected === 200) {
          expect((after.order as { status: string }).status).toBe(c.to);
          // The resend (its answer lost on the line) acts no more and is answered the same.
          const again = await send();
          expect(again.status).toBe(200);
          expect(fingerprint(sqlite, orderId)).toEqual(after);
        } else {
          expect(after).toEqual(before);
        }
      });
    }
  }
});
