/**
 * The shipping forms (issue 17 §3–4): the hub's drop-off scan and new shipment, and a
 * shipment's scans, departure, arrival and discrepancies. Each reads the form, checks can() on
 * the shipment, calls one use case and answers a redirect or a 400/403/404/409 keeping what was typed.
 */
import { data, redirect } from "@remix-run/node";
import type { Actor } from "~/domain/identity/can";
import { can } from "~/domain/identity/can";
import { cleanLine } from "~/domain/identity/person-text";
import {
  createShipment,
  departShipment,
  finishArrival,
  receiveByCode,
  resolveDiscrepancy,
  scanParcel,
  shipmentResource,
} from "~/domain/shipping/shipments.server";
import { createPointShipment } from "~/domain/shipping/chain.server";
import { createReturnShipment } from "~/domain/shipping/returns-shipping.server";
import { getDb } from "~/db.server";
import { refusalKey } from "~/i18n/refusals";

const field = (form: FormData, name: string, max = 200) => String(form.get(name) ?? "").slice(0, max);

/** The hub screen's shipping intents; null when the form is not one of them. */
export function submitHubShipping(form: FormData, village: { id: number; slug: string }, actor: NonNullable<Actor>) {
  const intent = field(form, "intent", 20);
  const now = new Date();
  if (intent === "receive_code") {
    const code = field(form, "code", 60);
    const result = receiveByCode(getDb(), { villageId: village.id, code, actorUserId: actor.userId }, now);
    if (!result.ok) return data({ form: "receive" as const, error: refusalKey(result.reason), values: { code } }, { status: 400 });
    return redirect(`/coordinator/${village.slug}/hub?done=received&order=${result.orderId}`, 303);
  }
  if (intent === "ship") {
    const ship = readShipForm(form);
    return answerShip(ship, createShipment(getDb(), { villageId: village.id, pickupPointId: ship.pickupPointId, orderIds: ship.orderIds, carrier: ship.carrier, laneId: ship.laneId, actorUserId: actor.userId }, now));
  }
  return null;
}

/** A group's "ship" form: the destination, the parcels ticked (or all of them), the carrier. */
function readShipForm(form: FormData) {
  const pickupPointId = Number(field(form, "pickupPointId", 12));
  const all = form.get("all") !== null;
  const chosen = (all ? form.getAll("every") : form.getAll("order")).slice(0, 1000).map((v) => Number(v));
  const carrier = { kind: field(form, "carrierKind", 20), name: cleanLine(field(form, "carrierName", 100)), phone: field(form, "carrierPhone", 30) };
  // A lane (decision lanes-and-delivery-fees): the carrier fields left empty are taken from it; "" is no lane.
  const lane = field(form, "laneId", 12);
  const laneId = /^\d{1,9}$/.test(lane) ? Number(lane) : null;
  return { pickupPointId, chosen, orderIds: chosen.filter(Number.isSafeInteger), carrier, lane, laneId };
}

function answerShip(ship: ReturnType<typeof readShipForm>, result: { ok: true; shipmentId: number } | { ok: false; reason: string }, way: "ship" | "return" = "ship") {
  if (!result.ok) return data({ form: `${way}-${ship.pickupPointId}`, error: refusalKey(result.reason), values: { ...ship.carrier, lane: ship.lane, chosen: ship.chosen } }, { status: result.reason === "shipping.parcel_not_here" ? 409 : 400 });
  return redirect(`/shipments/${result.shipmentId}?done=created`, 303);
}

/** A point's "send on" form (decision chained-shipments): parcels it holds, to their next stop. The route checked pickup_point.operate. */
export function submitPointShipping(form: FormData, pointId: number, actor: NonNullable<Actor>) {
  const intent = field(form, "intent", 20);
  if (intent !== "ship" && intent !== "ship_return") throw new Response(null, { status: 400 });
  const ship = readShipForm(form);
  const input = { fromPickupPointId: pointId, toPickupPointId: ship.pickupPointId, orderIds: ship.orderIds, carrier: ship.carrier, actorUserId: actor.userId };
  // Returns go back to their seller's village hub point (decision returns-ride-shipments).
  if (intent === "ship_return") return answerShip(ship, createReturnShipment(getDb(), input, new Date()), "return");
  return answerShip(ship, createPointShipment(getDb(), input, new Date()));
}

/** The shipment page's intents, each checked against who may do it to this shipment. */
export function submitShipmentForm(form: FormData, shipmentId: number, actor: NonNullable<Actor>) {
  const found = shipmentResource(getDb(), shipmentId);
  if (!found) throw new Response(null, { status: 404 });
  const { status, ...resource } = found;
  const intent = field(form, "intent", 20);
  const now = new Date();
  const back = (done: string) => redirect(`/shipments/${shipmentId}?done=${done}`, 303);
  const refused = (formName: string, reason: string, values: Record<string, string> = {}) =>
    data({ form: formName, error: refusalKey(reason), values }, { status: reason === "shipping.not_allowed_now" || reason.startsWith("orders.") ? 409 : 400 });
  const allowed = (action: "shipment.load" | "shipment.receive" | "shipment.resolve") => {
    if (!can(actor, action, resource).ok) throw new Response(null, { status: 403 });
  };
  switch (intent) {
    case "scan": {
      const code = field(form, "code", 200);
      // Loading is the sending hub's, unloading the receiving point's: the shipment's state decides which, can() who.
      allowed(status === "loaded" ? "shipment.load" : "shipment.receive");
      const result = scanParcel(getDb(), { shipmentId, code, actorUserId: actor.userId, expect: status }, now);
      if (!result.ok) return refused("scan", result.reason, { code });
      return redirect(`/shipments/${shipmentId}?done=${result.side}&order=${result.orderId}`, 303);
    }
    case "depart": {
      allowed("shipment.load");
      const day = field(form, "expectedArrival", 10);
      const at = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T18:00:00+05:00`) : new Date(Number.NaN);
      const result = departShipment(getDb(), { shipmentId, expectedArrivalAt: at, actorUserId: actor.userId }, now);
      if (!result.ok) return refused("depart", result.reason, { expectedArrival: day });
      return back("departed");
    }
    case "finish": {
      allowed("shipment.receive");
      const result = finishArrival(getDb(), { shipmentId, actorUserId: actor.userId }, now);
      if (!result.ok) return refused("finish", result.reason);
      return back(result.missing > 0 ? "missing" : "arrived");
    }
    case "resolve": {
      allowed("shipment.resolve");
      const discrepancyId = Number(field(form, "discrepancyId", 12));
      const outcome = field(form, "outcome", 10) === "lost" ? "lost" : "found";
      const note = cleanLine(field(form, "note", 300));
      const result = resolveDiscrepancy(getDb(), { shipmentId, discrepancyId, outcome, note, actorUserId: actor.userId }, now);
      if (!result.ok) return refused(`resolve-${discrepancyId}`, result.reason, { note });
      return back(`resolved_${outcome}`);
    }
    default:
      throw new Response(null, { status: 400 });
  }
}

/** The shipment an address names, as can() sees it, or a 404 (issue 17 §3–4). Each route then calls requireActor with it. */
export function shipmentOrNotFound(id: string | undefined) {
  const shipmentId = /^\d{1,9}$/.test(id ?? "") ? Number(id) : 0;
  const found = shipmentId ? shipmentResource(getDb(), shipmentId) : null;
  if (!found) throw new Response(null, { status: 404 });
  const { status: _status, ...resource } = found;
  return { shipmentId, resource };
}
