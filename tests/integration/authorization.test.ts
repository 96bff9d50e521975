import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setConnection, type Connection } from "../../app/db.server";
import { setSmsSender } from "../../app/domain/notify/outbox.server";
import { applyToSell, decideApplication } from "../../app/domain/identity/sellers.server";
import { applyOrderEvent } from "../../app/domain/orders/order-events.server";
import { applyKatoEdition } from "../../app/domain/geo/kato-import.server";
import { readKatoFile, withAncestors } from "../../db/seed/kato";
import * as admin from "../../app/routes/admin";
import * as adminAudit from "../../app/routes/admin_.audit";
import * as adminBackups from "../../app/routes/admin_.backups";
import * as adminUser from "../../app/routes/admin_.users.$user";
import * as adminHubs from "../../app/routes/admin_.hubs._index";
import * as adminOpenHub from "../../app/routes/admin_.hubs.new";
import * as villagePage from "../../app/routes/coordinator_.$village_.page";
import * as coordinator from "../../app/routes/coordinator";
import * as desk from "../../app/routes/coordinator_.$village";
import * as poster from "../../app/routes/coordinator_.$village_.poster";
import * as assistedPayout from "../../app/routes/coordinator_.$village_.payout.$seller";
import * as card from "../../app/routes/seller_.listings.$id_.card";
import * as devSms from "../../app/routes/dev.sms";
import * as hub from "../../app/routes/coordinator_.$village_.hub";
import * as hubLanes from "../../app/routes/coordinator_.$village_.lanes";
import * as editLanePage from "../../app/routes/coordinator_.$village_.lanes_.$id_.edit";
import * as hubPoints from "../../app/routes/coordinator_.$village_.pickup-points._index";
import * as pointScreen from "../../app/routes/operator_.points.$id";
import * as lanePayee from "../../app/routes/coordinator_.$village_.lanes_.$lane_.payee";
import * as openPoint from "../../app/routes/coordinator_.$village_.pickup-points.open";
import { DEMO_CITY_POINTS } from "../../db/seed/pickup-points";
import * as language from "../../app/routes/language";
import * as orderPage from "../../app/routes/orders.$id";
import * as disputePage from "../../app/routes/orders.$id_.dispute";
import * as disputeQueue from "../../app/routes/admin_.disputes";
import { openDispute } from "../../app/domain/trust/disputes.server";
import * as metrics from "../../app/routes/metrics";
import * as profile from "../../app/routes/profile";
import * as profileData from "../../app/routes/profile_.data";
import * as seller from "../../app/routes/seller";
import * as sellerMoneyPage from "../../app/routes/seller_.money";
import * as adminMoneyPage from "../../app/routes/admin_.money";
import * as reconciliationPage from "../../app/routes/admin_.money.reconciliation";
import * as batchExport from "../../app/routes/admin_.money.batches.$batch.export";
import * as apply from "../../app/routes/seller_.apply";
import * as signin from "../../app/routes/signin";
import * as signinCode from "../../app/routes/signin_.code";
import * as signout from "../../app/routes/signout";
import * as sellerQuality from "../../app/routes/seller_.quality";
import * as adminQuality from "../../app/routes/admin_.quality";
import * as adminModeration from "../../app/routes/admin_.moderation";
import * as villageQuality from "../../app/routes/coordinator_.$village_.quality";
import * as shipmentPage from "../../app/routes/shipments.$id";
import * as manifestPage from "../../app/routes/shipments.$id_.manifest";
import * as labelsPage from "../../app/routes/shipments.$id_.labels";
import { createShipment } from "../../app/domain/shipping/shipments.server";
import { get, post, recordingSender, testApp, type Answer } from "../support/app";
import { grant, signIn, villageId } from "../support/identity";
import { makePickupPoint } from "../support/ledger";
import { buy, makeListing } from "../support/orders";

/**
 * SEC-08: every identity route × every role × owner / non-owner, called
 * directly with Request objects against a fresh database built from the
 * migrations. "owner" is the coordinator of the village the row is about;
 * "otherCoordinator" coordinates another village. 404 where existence must
 * not leak (an application or seller id of another village).
 */
const PERSONAS = ["anonymous", "buyer", "seller", "coordinator", "otherCoordinator", "admin"] as const;
type Persona = (typeof PERSONAS)[number];

const OTHER = "turgen";
const TALGAR = "196220100";
/** A village page as its form posts it (no photo). */
/** A payout account as the coordinator's form posts it. */
const ASSISTED_ACCOUNT = { iban: "KZ86125KZT5004100100", holderName: "Gulnar", holderTaxId: "921029350851" };
const PAGE = { households: "1 200", specialty: "honey", storyKk: "Тау бөктеріндегі ауыл", storyRu: "", storyEn: "" };

async function world() {
  const app = testApp();
  const { db, sms } = app;
  const now = new Date();
  const besagash = villageId(db, "besagash");
  const other = villageId(db, OTHER);
  grant(db, "+77010000003", "coordinator", "besagash");
  grant(db, "+77010000004", "coordinator", OTHER);
  grant(db, "+77010000005", "admin");
  const users = {
    buyer: await signIn(db, sms, "+77010000001"),
    seller: await signIn(db, sms, "+77010000002"),
    coordinator: await signIn(db, sms, "+77010000003"),
    otherCoordinator: await signIn(db, sms, "+77010000004"),
    admin: await signIn(db, sms, "+77010000005"),
    applicant: await signIn(db, sms, "+77010000006"),
    assisted: await signIn(db, sms, "+77010000007"),
  };
  // The seller was approved in Besagash; the applicant waits there.
  const sellerApplication = applyToSell(db, { userId: users.seller.userId, villageSlug: "besagash", name: "Aigerim", craft: "felt", taxId: null, ip: "x" }, now);
  if (!sellerApplication.ok) throw new Error(sellerApplication.reason);
  decideApplication(db, { actorUserId: users.coordinator.userId, villageId: besagash, applicationId: sellerApplication.applicationId, approve: true, reason: "", ip: "x" }, now);
  const pending = applyToSell(db, { userId: users.applicant.userId, villageSlug: "besagash", name: "Nurlan", craft: "tables", taxId: { value: "921029350851", kind: "iin" }, ip: "x" }, now);
  if (!pending.ok) throw new Error(pending.reason);
  const sellerId = app.sqlite.prepare("SELECT id FROM sellers WHERE user_id = ?").get(users.seller.userId) as { id: number };
  // A second Besagash seller who chose assisted selling (issue 14 §4): the coordinator records their payout account.
  const assistedApplication = applyToSell(db, { userId: users.assisted.userId, villageSlug: "besagash", name: "Gulnar", craft: "honey", taxId: null, ip: "x" }, now);
  if (!assistedApplication.ok) throw new Error(assistedApplication.reason);
  decideApplication(db, { actorUserId: users.coordinator.userId, villageId: besagash, applicationId: assistedApplication.applicationId, approve: true, reason: "", ip: "x" }, now);
  const assistedSeller = app.sqlite.prepare("UPDATE sellers SET assisted_orders = 1 WHERE user_id = ? RETURNING id").get(users.assisted.userId) as { id: number };
  // The seller's chairs, bought by the buyer for collection at a point in the other village:
  // Besagash's hub receives and sends them, the other village's hub shelves them (issue 13 §3).
  const point = makePickupPoint(db, other, "Turgen shop");
  const listing = makeListing(db, { sellerId: sellerId.id, villageId: besagash }, { priceTiyn: 500_000, stock: 10 });
  const cashOrder = (steps: ("receive" | "send")[]) => {
    const placed = buy(db, { buyerUserId: users.buyer.userId, pickupPointId: point, lines: [{ listingId: listing, quantity: 1 }], paymentMethod: "cash" }, now);
    if (!placed.ok) throw new Error(placed.reason);
    const orderId = placed.orderIds[0]!;
    for (const event of steps) {
      const moved = applyOrderEvent(db, { orderId, event, by: "hub", actorUserId: users.coordinator.userId }, now);
      if (!moved.ok) throw new Error(moved.reason);
    }
    return orderId;
  };
  const orders = { accepted: cashOrder([]), received: cashOrder(["receive"]), inTransit: cashOrder(["receive", "send"]), toShip: cashOrder(["receive"]), loaded: cashOrder(["receive"]) };
  // Issue 17 §3: a shipment being loaded at Besagash's hub for the point in the other village.
  const shipment = createShipment(db, { villageId: besagash, pickupPointId: point, orderIds: [orders.loaded], carrier: { kind: "coop_van", name: "Serik", phone: "+77015554433" }, actorUserId: users.coordinator.userId }, now);
  if (!shipment.ok) throw new Error(shipment.reason);
  const parcelCode = (app.sqlite.prepare("SELECT code FROM parcel_codes WHERE order_id = ?").get(orders.loaded) as { code: string }).code;
  // A settlement with no hub yet, where an admin may open one: the town of Talgar.
  applyKatoEdition(db, withAncestors(readKatoFile(), [TALGAR]), now, { subset: true });
  // Issue 17: the demo's Astana point, which no lane reaches yet.
  const astana = (app.sqlite.prepare("SELECT id FROM pickup_points WHERE name = ?").get(DEMO_CITY_POINTS[2]!.name) as { id: number }).id;
  // A Besagash lane to it, for the lane edit page's rows.
  const laneId = (app.sqlite.prepare("INSERT INTO lanes (from_village_id, to_point_id, carrier_kind, carrier_name, weekdays, transit_days, up_to_15kg_tiyn, created_at) VALUES (?, ?, 'kazpost', 'Kazpost', 1, 3, 150000, ?) RETURNING id").get(besagash, astana, now.getTime()) as { id: number }).id;
  // A collected order its buyer disputes (issue 16 §4): the file waits for the seller's answer.
  const disputed = cashOrder([]);
  app.sqlite.prepare("UPDATE orders SET status = 'picked_up' WHERE id = ?").run(disputed);
  const opened = openDispute(db, { orderId: disputed, buyerUserId: users.buyer.userId, reason: "damaged", text: "Broken leg", bypass: false, photoHashes: [] }, now);
  if (!opened.ok) throw new Error(opened.reason);
  // Carrier payouts: a Besagash lane to Astana, whose payee its coordinator (or an admin) records.
  const lane = (
    app.sqlite
      .prepare("INSERT INTO lanes (from_village_id, to_point_id, carrier_kind, carrier_name, weekdays, transit_days, up_to_15kg_tiyn, created_at) VALUES (?, ?, 'bus_driver', 'Erlan', 1, 1, 150000, ?) RETURNING id")
      .get(besagash, astana, now.getTime()) as { id: number }
  ).id;
  return { app, users, besagash, other, point, laneId, shipmentId: shipment.shipmentId, parcelCode, applicationId: pending.applicationId, sellerId: sellerId.id, assistedSellerId: assistedSeller.id, orders, listing, astana, disputed, lane };
}

type World = Omit<Awaited<ReturnType<typeof world>>, "app">;

// The world is built once and copied per case: each case may write, and
// building it (six sign-ins, an approval) costs far more than a file copy.
let template: { file: string; world: World };
const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-authz-"));
let current: Connection | undefined;

beforeAll(async () => {
  const { app, ...built } = await world();
  const file = path.join(templateDir, "template.db");
  app.sqlite.exec(`VACUUM INTO '${file}'`);
  template = { file, world: built };
});

async function copyOfWorld(): Promise<World> {
  const file = path.join(templateDir, `case-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(template.file, file);
  current = openDatabase(file);
  setConnection(current);
  setSmsSender(recordingSender());
  return template.world;
}

afterEach(() => {
  current?.sqlite.close();
  current = undefined;
});
afterAll(() => fs.rmSync(templateDir, { recursive: true, force: true }));
type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;

interface Row {
  route: string;
  run: (w: World, cookie: string | undefined) => Promise<Answer>;
  expect: Record<Persona, number>;
}

const all = (status: number): Record<Persona, number> => Object.fromEntries(PERSONAS.map((p) => [p, status])) as Record<Persona, number>;
const signedIn = (status: number) => ({ ...all(status), anonymous: 302 });
const only = (who: Persona[], status: number) => ({ ...signedIn(403), ...Object.fromEntries(who.map((p) => [p, status])) });

const read = (loader: Loader, path: string, params: (w: World) => Record<string, string> = () => ({})) => (w: World, cookie: string | undefined) =>
  get(loader, path.replace(":user", String(w.users.buyer.userId)), { cookie, params: params(w) });
const write = (action: Action, path: string, fields: (w: World) => Record<string, string>, params: (w: World) => Record<string, string> = () => ({})) => (w: World, cookie: string | undefined) =>
  post(action, path.replace(":user", String(w.users.buyer.userId)), fields(w), { cookie, params: params(w) });

const shipmentStep = (fields: (w: World) => Record<string, string>) => (w: World, cookie: string | undefined) =>
  post(shipmentPage.action, `/shipments/${w.shipmentId}`, fields(w), { cookie, params: { id: String(w.shipmentId) } });
const shipmentRead = (loader: Loader, tail: string) => (w: World, cookie: string | undefined) =>
  get(loader, `/shipments/${w.shipmentId}${tail}`, { cookie, params: { id: String(w.shipmentId) } });
/** A shipment is seen by both ends only: the hub that sent it, the point's village (other people learn nothing of it). */
const bothEnds = (status: number) => ({ ...signedIn(404), coordinator: status, otherCoordinator: status });

const buyerParam = (w: World) => ({ user: String(w.users.buyer.userId) });
const hubStep = (state: keyof World["orders"], intent: string) => (w: World, cookie: string | undefined) =>
  post(orderPage.action, `/orders/${w.orders[state]}`, { intent }, { cookie, params: { id: String(w.orders[state]) } });

const disputeParams = (w: World) => ({ id: String(w.disputed) });
const disputeAnswer = (intent: string, fields: Record<string, string> = {}) => (w: World, cookie: string | undefined) =>
  post(disputePage.action, `/orders/${w.disputed}/dispute`, { intent, text: "Whole when handed over", ...fields }, { cookie, params: disputeParams(w) });

const ROWS: Row[] = [
  // The dispute ladder (issue 16 §4): the file's people see it; each step is its own person's; the queue is the admins' and reviewers'.
  { route: "GET /orders/:id/dispute", run: (w, cookie) => get(disputePage.loader, `/orders/${w.disputed}/dispute`, { cookie, params: disputeParams(w) }), expect: { ...signedIn(200), otherCoordinator: 404 } },
  { route: "POST /orders/:id/dispute answer", run: disputeAnswer("answer"), expect: { ...signedIn(403), seller: 303, otherCoordinator: 404 } },
  { route: "POST /orders/:id/dispute decide (before the answer)", run: disputeAnswer("decide", { outcome: "release" }), expect: { ...signedIn(403), coordinator: 409, admin: 409, otherCoordinator: 404 } },
  { route: "POST /orders/:id/dispute review (not sent to anyone)", run: disputeAnswer("review", { outcome: "refund" }), expect: { ...signedIn(403), admin: 409, otherCoordinator: 404 } },
  { route: "GET /admin/disputes", run: read(disputeQueue.loader, "/admin/disputes"), expect: only(["coordinator", "otherCoordinator", "admin"], 200) },
  { route: "POST /admin/disputes appoint a reviewer", run: write(disputeQueue.action, "/admin/disputes", () => ({ intent: "appoint", phone: "+77010000004" })), expect: only(["admin"], 303) },
  { route: "POST /admin/disputes end an appointment (nobody appointed)", run: write(disputeQueue.action, "/admin/disputes", () => ({ intent: "revoke", user: "999999" })), expect: only(["admin"], 409) },
  { route: "GET /signin", run: read(signin.loader, "/signin"), expect: all(200) },
  { route: "GET /signin/code (no code asked)", run: read(signinCode.loader, "/signin/code"), expect: all(302) },
  { route: "GET /dev/sms", run: read(devSms.loader, "/dev/sms"), expect: all(200) },
  { route: "POST /signout", run: write(signout.action, "/signout", () => ({})), expect: all(303) },
  { route: "POST /language", run: write(language.action, "/language", () => ({ lng: "ru", redirectTo: "/" })), expect: all(303) },
  { route: "GET /profile", run: read(profile.loader, "/profile"), expect: signedIn(200) },
  { route: "POST /profile (save)", run: write(profile.action, "/profile", () => ({ intent: "save", displayName: "Name", preferredLanguage: "en" })), expect: signedIn(303) },
  { route: "GET /profile/data", run: read(profileData.loader, "/profile/data"), expect: signedIn(200) },
  { route: "GET /seller", run: read(seller.loader, "/seller"), expect: signedIn(200) },
  { route: "GET /seller/apply", run: read(apply.loader, "/seller/apply"), expect: signedIn(200) },
  { route: "POST /seller/apply", run: write(apply.action, "/seller/apply", () => ({ village: OTHER, name: "Name", craft: "honey", taxId: "" })), expect: signedIn(303) },
  { route: "GET /coordinator", run: read(coordinator.loader, "/coordinator"), expect: only(["coordinator", "otherCoordinator"], 200) },
  { route: "GET /coordinator/besagash", run: read(desk.loader, "/coordinator/besagash", () => ({ village: "besagash" })), expect: only(["coordinator"], 200) },
  { route: "GET /coordinator/no-such-village", run: read(desk.loader, "/coordinator/no-such-village", () => ({ village: "no-such-village" })), expect: all(404) },
  {
    route: "POST /coordinator/besagash approve (own village)",
    run: write(desk.action, "/coordinator/besagash", (w) => ({ intent: "approve", id: String(w.applicationId), reason: "" }), () => ({ village: "besagash" })),
    expect: only(["coordinator"], 303),
  },
  {
    route: "POST /coordinator/turgen approve a Besagash application (id from another village)",
    run: write(desk.action, `/coordinator/${OTHER}`, (w) => ({ intent: "approve", id: String(w.applicationId), reason: "" }), () => ({ village: OTHER })),
    expect: only(["otherCoordinator"], 404),
  },
  {
    route: "POST /coordinator/besagash reject (own village)",
    run: write(desk.action, "/coordinator/besagash", (w) => ({ intent: "reject", id: String(w.applicationId), reason: "Come to the hub first" }), () => ({ village: "besagash" })),
    expect: only(["coordinator"], 303),
  },
  {
    route: "POST /coordinator/besagash verify seller",
    run: write(desk.action, "/coordinator/besagash", (w) => ({ intent: "verify", id: String(w.sellerId) }), () => ({ village: "besagash" })),
    expect: only(["coordinator"], 303),
  },
  {
    route: "POST /coordinator/turgen verify a Besagash seller (id from another village)",
    run: write(desk.action, `/coordinator/${OTHER}`, (w) => ({ intent: "verify", id: String(w.sellerId) }), () => ({ village: OTHER })),
    expect: only(["otherCoordinator"], 404),
  },
  // Issue 19 §4: the village's poster is its coordinators'; a listing's card is its seller's (others' are missing).
  { route: "GET /coordinator/besagash/poster", run: read(poster.loader, "/coordinator/besagash/poster", () => ({ village: "besagash" })), expect: only(["coordinator"], 200) },
  {
    route: "GET /seller/listings/:id/card",
    run: (w, cookie) => get(card.loader, `/seller/listings/${w.listing}/card`, { cookie, params: { id: String(w.listing) } }),
    expect: { ...signedIn(404), seller: 200 },
  },
  { route: "GET /admin", run: read(admin.loader, "/admin"), expect: only(["admin"], 200) },
  { route: "GET /admin?phone=(known)", run: read(admin.loader, "/admin?phone=87010000001"), expect: only(["admin"], 302) },
  { route: "GET /admin/users/:user", run: read(adminUser.loader, "/admin/users/:user", buyerParam), expect: only(["admin"], 200) },
  { route: "GET /admin/users/999999", run: read(adminUser.loader, "/admin/users/999999", () => ({ user: "999999" })), expect: only(["admin"], 404) },
  {
    route: "POST /admin/users/:user grant coordinator",
    run: write(adminUser.action, "/admin/users/:user", (w) => ({ intent: "grant", role: "coordinator", village: String(w.besagash) }), buyerParam),
    expect: only(["admin"], 303),
  },
  { route: "POST /admin/users/:user disable", run: write(adminUser.action, "/admin/users/:user", () => ({ intent: "disable" }), buyerParam), expect: only(["admin"], 303) },
  { route: "GET /admin/audit", run: read(adminAudit.loader, "/admin/audit"), expect: only(["admin"], 200) },
  { route: "GET /admin/backups", run: read(adminBackups.loader, "/admin/backups"), expect: only(["admin"], 200) },
  // Issue 16 §5–6: the quality index is the seller's own; the village's list its coordinator's; thresholds and the queue the admins'.
  { route: "GET /seller/quality", run: read(sellerQuality.loader, "/seller/quality"), expect: { ...signedIn(404), seller: 200 } },
  { route: "GET /coordinator/besagash/quality", run: read(villageQuality.loader, "/coordinator/besagash/quality", () => ({ village: "besagash" })), expect: only(["coordinator"], 200) },
  { route: "GET /admin/quality", run: read(adminQuality.loader, "/admin/quality"), expect: only(["admin"], 200) },
  {
    route: "POST /admin/quality",
    run: write(adminQuality.action, "/admin/quality", () => ({ minRatingMilli: "4", maxCancellationsBp: "3", maxDelaysBp: "10", maxQualityReturnsBp: "2", minOrders: "5" })),
    expect: only(["admin"], 303),
  },
  { route: "POST /admin/quality (a rating of 7)", run: write(adminQuality.action, "/admin/quality", () => ({ minRatingMilli: "7", maxCancellationsBp: "3", maxDelaysBp: "10", maxQualityReturnsBp: "2", minOrders: "5" })), expect: only(["admin"], 400) },
  { route: "GET /admin/moderation", run: read(adminModeration.loader, "/admin/moderation"), expect: only(["admin"], 200) },
  { route: "POST /admin/moderation (no such flag)", run: write(adminModeration.action, "/admin/moderation", () => ({ flagId: "999999", decision: "dismiss", note: "ok" })), expect: only(["admin"], 404) },
  // Backups are off in the tests (no BACKUP_DIR outside production): an admin is let through to a 409.
  { route: "POST /admin/backups (back up now)", run: write(adminBackups.action, "/admin/backups", () => ({})), expect: only(["admin"], 409) },
  // Issue 13 §3: a Besagash parcel for a point in the other village. Its buyer, seller, both
  // coordinators and admins may see the order; only the hub where the goods are receives and sends
  // them, only the hub of the point shelves them.
  { route: "POST /orders/:id receive (accepted)", run: hubStep("accepted", "receive"), expect: only(["coordinator"], 303) },
  { route: "POST /orders/:id send (received)", run: hubStep("received", "send"), expect: only(["coordinator"], 303) },
  { route: "POST /orders/:id arrive (in transit)", run: hubStep("inTransit", "arrive"), expect: only(["otherCoordinator"], 303) },
  { route: "POST /orders/:id arrive (accepted: never left the seller)", run: hubStep("accepted", "arrive"), expect: { ...only(["otherCoordinator"], 409), coordinator: 403 } },
  // Issue 17 §3–4: a shipment is the sending hub's to load and send, the receiving point's to unload.
  { route: "GET /shipments/:id", run: shipmentRead(shipmentPage.loader, ""), expect: bothEnds(200) },
  { route: "GET /shipments/:id/manifest", run: shipmentRead(manifestPage.loader, "/manifest"), expect: bothEnds(200) },
  { route: "GET /shipments/:id/labels", run: shipmentRead(labelsPage.loader, "/labels"), expect: bothEnds(200) },
  { route: "GET /shipments/999999", run: (_w, cookie) => get(shipmentPage.loader, "/shipments/999999", { cookie, params: { id: "999999" } }), expect: all(404) },
  { route: "POST /shipments/:id scan (loading: the sending hub)", run: shipmentStep((w) => ({ intent: "scan", code: w.parcelCode })), expect: { ...bothEnds(303), otherCoordinator: 403 } },
  { route: "POST /shipments/:id depart (nothing scanned yet)", run: shipmentStep(() => ({ intent: "depart", expectedArrival: "2099-01-01" })), expect: { ...bothEnds(400), otherCoordinator: 403 } },
  { route: "POST /shipments/:id finish (still loading: the receiving end, refused in this state)", run: shipmentStep(() => ({ intent: "finish" })), expect: { ...bothEnds(409), coordinator: 403 } },
  { route: "POST /shipments/:id resolve (no such discrepancy)", run: shipmentStep(() => ({ intent: "resolve", discrepancyId: "999999", outcome: "lost", note: "" })), expect: { ...bothEnds(400), otherCoordinator: 403 } },
  {
    route: "POST /coordinator/besagash/hub ship (own hub's parcel)",
    run: write(hub.action, "/coordinator/besagash/hub", (w) => ({ intent: "ship", pickupPointId: String(w.point), order: String(w.orders.toShip), carrierKind: "bus_driver", carrierName: "Erlan", carrierPhone: "+77015554433" }), () => ({ village: "besagash" })),
    expect: only(["coordinator"], 303),
  },
  {
    route: "POST /coordinator/turgen/hub ship (a Besagash parcel)",
    run: write(hub.action, `/coordinator/${OTHER}/hub`, (w) => ({ intent: "ship", pickupPointId: String(w.point), order: String(w.orders.toShip), carrierKind: "bus_driver", carrierName: "Erlan", carrierPhone: "+77015554433" }), () => ({ village: OTHER })),
    expect: only(["otherCoordinator"], 409),
  },
  // Decision chained-shipments: a point sends on the parcels it holds; only its operators and its village's coordinators may (nothing held here: 409).
  {
    route: "POST /operator/points/:id ship (a parcel this point does not hold)",
    run: write(pointScreen.action, "/operator/points/:point", (w) => ({ intent: "ship", pickupPointId: String(w.astana), order: String(w.orders.toShip), carrierKind: "courier", carrierName: "Erlan", carrierPhone: "+77015554433" }), (w) => ({ id: String(w.point) })),
    expect: only(["otherCoordinator"], 409),
  },
  // Decision returns-ride-shipments: a point ships its returns back; only its operators and its village's coordinators may (no return waits here: 409).
  {
    route: "POST /operator/points/:id ship_return (a parcel that is not a return waiting here)",
    run: write(pointScreen.action, "/operator/points/:point", (w) => ({ intent: "ship_return", pickupPointId: String(w.astana), order: String(w.orders.toShip), carrierKind: "courier", carrierName: "Erlan", carrierPhone: "+77015554433" }), (w) => ({ id: String(w.point) })),
    expect: only(["otherCoordinator"], 409),
  },
  {
    route: "POST /coordinator/besagash/hub receive_code (a parcel already received)",
    run: write(hub.action, "/coordinator/besagash/hub", (w) => ({ intent: "receive_code", code: w.parcelCode }), () => ({ village: "besagash" })),
    expect: only(["coordinator"], 400),
  },
  { route: "GET /coordinator/besagash/hub", run: read(hub.loader, "/coordinator/besagash/hub", () => ({ village: "besagash" })), expect: only(["coordinator"], 200) },
  // Issue 17: a hub's lanes are its coordinator's (and an admin's); the other village's coordinator is refused.
  { route: "GET /coordinator/besagash/lanes", run: read(hubLanes.loader, "/coordinator/besagash/lanes", () => ({ village: "besagash" })), expect: only(["coordinator", "admin"], 200) },
  {
    route: "POST /coordinator/besagash/lanes create",
    run: write(
      hubLanes.action,
      "/coordinator/besagash/lanes",
      (w) => ({ intent: "create", toPointId: String(w.astana), carrierKind: "courier", carrierName: "Courier", weekdays: "mon", transitDays: "2", upTo15kg: "1500", from15to50kg: "", over50kg: "" }),
      () => ({ village: "besagash" }),
    ),
    expect: only(["coordinator", "admin"], 303),
  },
  // Editing a Besagash lane: its coordinator or an admin; bad input is a 400; through the other village's address the lane is not found.
  { route: "GET /coordinator/besagash/lanes/:id/edit", run: read(editLanePage.loader, "/coordinator/besagash/lanes/0/edit", (w) => ({ village: "besagash", id: String(w.laneId) })), expect: only(["coordinator", "admin"], 200) },
  {
    route: "POST /coordinator/besagash/lanes/:id/edit",
    run: write(editLanePage.action, "/coordinator/besagash/lanes/0/edit", () => ({ carrierKind: "courier", carrierName: "Courier", carrierPhone: "+77015550011", weekdays: "tue", transitDays: "2", upTo15kg: "1800", from15to50kg: "", over50kg: "" }), (w) => ({ village: "besagash", id: String(w.laneId) })),
    expect: only(["coordinator", "admin"], 303),
  },
  {
    route: "POST /coordinator/besagash/lanes/:id/edit (bad input)",
    run: write(editLanePage.action, "/coordinator/besagash/lanes/0/edit", () => ({ carrierKind: "courier", carrierName: "", weekdays: "tue", transitDays: "99", upTo15kg: "x", from15to50kg: "", over50kg: "" }), (w) => ({ village: "besagash", id: String(w.laneId) })),
    expect: only(["coordinator", "admin"], 400),
  },
  {
    route: "POST /coordinator/turgen/lanes/:id/edit (a Besagash lane)",
    run: write(editLanePage.action, `/coordinator/${OTHER}/lanes/0/edit`, () => ({ carrierKind: "courier", carrierName: "Courier", weekdays: "tue", transitDays: "2", upTo15kg: "1800", from15to50kg: "", over50kg: "" }), (w) => ({ village: OTHER, id: String(w.laneId) })),
    expect: only(["otherCoordinator", "admin"], 404),
  },
  // A hub's pickup points: its coordinator, or an admin through /admin/hubs' links.
  { route: "GET /coordinator/besagash/pickup-points", run: read(hubPoints.loader, "/coordinator/besagash/pickup-points", () => ({ village: "besagash" })), expect: only(["coordinator", "admin"], 200) },
  // Carrier payouts: a lane's payee is its hub's coordinator's or an admin's to set; another village's coordinator and a seller are refused.
  {
    route: "GET /coordinator/besagash/lanes/:lane/payee",
    run: (w, cookie) => get(lanePayee.loader, `/coordinator/besagash/lanes/${w.lane}/payee`, { cookie, params: { village: "besagash", lane: String(w.lane) } }),
    expect: only(["coordinator", "admin"], 200),
  },
  {
    route: "POST /coordinator/besagash/lanes/:lane/payee",
    run: (w, cookie) =>
      post(lanePayee.action, `/coordinator/besagash/lanes/${w.lane}/payee`, { kind: "carrier", ...ASSISTED_ACCOUNT }, { cookie, params: { village: "besagash", lane: String(w.lane) } }),
    expect: only(["coordinator", "admin"], 303),
  },
  // A pickup point in Talgar (Besagash's region) answered for by Besagash: its coordinator or an admin opens it.
  { route: "GET /coordinator/besagash/pickup-points/open?q=talgar", run: read(openPoint.loader, "/coordinator/besagash/pickup-points/open?q=talgar", () => ({ village: "besagash" })), expect: only(["coordinator", "admin"], 200) },
  {
    route: "POST /coordinator/besagash/pickup-points/open",
    run: write(
      openPoint.action,
      "/coordinator/besagash/pickup-points/open",
      () => ({ intent: "create", code: TALGAR, kind: "partner_shop", name: "Talgar shop", address: "Main street 1", openingHours: "09-18", storageDays: "7", capacity: "20", maxWeightClass: "15to50kg" }),
      () => ({ village: "besagash" }),
    ),
    expect: only(["coordinator", "admin"], 303),
  },
  // The operator's metrics: an admin's session (or a scraper's token, tests/integration/metrics.test.ts); nobody else learns the address exists.
  { route: "GET /metrics", run: read(metrics.loader, "/metrics"), expect: { ...only(["admin"], 200), anonymous: 404 } },
  { route: "GET /admin/hubs", run: read(adminHubs.loader, "/admin/hubs"), expect: only(["admin"], 200) },
  { route: "GET /admin/hubs?q=talgar", run: read(adminHubs.loader, "/admin/hubs?q=talgar"), expect: only(["admin"], 200) },
  { route: "GET /admin/hubs/new?code=(a settlement)", run: read(adminOpenHub.loader, `/admin/hubs/new?code=${TALGAR}`), expect: only(["admin"], 200) },
  { route: "GET /admin/hubs/new?code=(not a settlement)", run: read(adminOpenHub.loader, "/admin/hubs/new?code=196200000"), expect: only(["admin"], 404) },
  { route: "POST /admin/hubs/new?code=(a settlement) open", run: write(adminOpenHub.action, `/admin/hubs/new?code=${TALGAR}`, () => PAGE), expect: only(["admin"], 303) },
  { route: "GET /coordinator/besagash/page", run: read(villagePage.loader, "/coordinator/besagash/page", () => ({ village: "besagash" })), expect: only(["coordinator"], 200) },
  {
    route: "POST /coordinator/besagash/page save (own village only; not an admin)",
    run: write(villagePage.action, "/coordinator/besagash/page", () => PAGE, () => ({ village: "besagash" })),
    expect: only(["coordinator"], 303),
  },
  {
    route: "POST /coordinator/turgen/page save",
    run: write(villagePage.action, `/coordinator/${OTHER}/page`, () => PAGE, () => ({ village: OTHER })),
    expect: only(["otherCoordinator"], 303),
  },
  // Issue 15: where a shop's payouts go is its own seller's to say; the money settings and reconciliation are the admin's.
  {
    route: "POST /seller/money payout account (own shop only)",
    run: write(sellerMoneyPage.action, "/seller/money", (w) => ({ shop: String(w.sellerId), iban: "KZ86125KZT5004100100", holderName: "Aigerim", holderTaxId: "921029350851" })),
    expect: { ...signedIn(404), seller: 303 },
  },
  // Issue 15 §2: an assisted seller's payout account, by the coordinator of the seller's own village, with the seller's consent note.
  {
    route: "GET /coordinator/besagash/payout/:seller (assisted seller)",
    run: (w, cookie) => get(assistedPayout.loader, `/coordinator/besagash/payout/${w.assistedSellerId}`, { cookie, params: { village: "besagash", seller: String(w.assistedSellerId) } }),
    expect: only(["coordinator"], 200),
  },
  {
    route: "POST /coordinator/besagash/payout/:seller (assisted seller, consent noted)",
    run: (w, cookie) =>
      post(assistedPayout.action, `/coordinator/besagash/payout/${w.assistedSellerId}`, { ...ASSISTED_ACCOUNT, consent: "Asked at the hub on 3 December" }, { cookie, params: { village: "besagash", seller: String(w.assistedSellerId) } }),
    expect: only(["coordinator"], 303),
  },
  {
    route: "POST /coordinator/besagash/payout/:seller (a seller who did not choose assisted selling)",
    run: (w, cookie) =>
      post(assistedPayout.action, `/coordinator/besagash/payout/${w.sellerId}`, { ...ASSISTED_ACCOUNT, consent: "Asked at the hub" }, { cookie, params: { village: "besagash", seller: String(w.sellerId) } }),
    expect: signedIn(403),
  },
  {
    route: "GET /coordinator/turgen/payout/:seller (a Besagash seller)",
    run: (w, cookie) => get(assistedPayout.loader, `/coordinator/${OTHER}/payout/${w.assistedSellerId}`, { cookie, params: { village: OTHER, seller: String(w.assistedSellerId) } }),
    expect: all(404),
  },
  {
    route: "POST /admin/money legal entity",
    run: write(adminMoneyPage.action, "/admin/money", () => ({ intent: "entity", name: "Auyl Hub LLP", bin: "180540000012", iban: "KZ86125KZT5004100100" })),
    expect: only(["admin"], 303),
  },
  // No batch in this world: the admin is let through to a 404.
  { route: "POST /admin/money/batches/1/export", run: write(batchExport.action, "/admin/money/batches/1/export", () => ({ format: "1c" }), () => ({ batch: "1" })), expect: only(["admin"], 404) },
  { route: "GET /admin/money/reconciliation", run: read(reconciliationPage.loader, "/admin/money/reconciliation"), expect: only(["admin"], 200) },
  // The development provider cannot list its transactions: the admin is let through to a 400.
  { route: "POST /admin/money/reconciliation fetch", run: write(reconciliationPage.action, "/admin/money/reconciliation", () => ({ intent: "provider", day: "2026-12-01" })), expect: only(["admin"], 400) },
];

describe("authorization matrix (SEC-08)", () => {
  for (const row of ROWS) {
    describe(row.route, () => {
      for (const persona of PERSONAS) {
        it(`${persona} → ${row.expect[persona]}`, async () => {
          const w = await copyOfWorld();
          const cookie = persona === "anonymous" ? undefined : w.users[persona].cookie;
          const answer = await row.run(w, cookie);
          expect(answer.status).toBe(row.expect[persona]);
          if (answer.status === 302 && persona === "anonymous" && !row.route.startsWith("GET /signin")) {
            expect(answer.headers.get("Location")).toMatch(/^\/signin\?redirectTo=/);
          }
        });
      }
    });
  }
});
