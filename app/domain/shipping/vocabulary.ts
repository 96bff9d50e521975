/**
 * The names the shipments schema stores and the shipping rules check (issue 17 §3–4).
 * Import-free: both db/schema and the domain import it.
 */

/** A shipment moves loaded → departed → arrived. */
export const SHIPMENT_STATUSES = ["loaded", "departed", "arrived"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Who carries it (free text name and phone beside it until lanes land). */
export const CARRIER_KINDS = ["coop_van", "bus_driver", "kazpost", "courier", "other"] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

/** A parcel in a shipment: loaded, scanned onto the carrier, scanned at arrival, missing at arrival, then found or lost. */
export const SHIPMENT_PARCEL_STATES = ["loaded", "departed", "arrived", "missing", "found", "lost"] as const;
export type ShipmentParcelState = (typeof SHIPMENT_PARCEL_STATES)[number];

/**
 * Every handover a parcel passes (issue 17 §4), and who holds it after; `transit` is a stop at a
 * sorting hub on the way (decision chained-shipments); the way back (decision
 * returns-ride-shipments): `return_drop` the buyer brings it to the point, `return_arrive` it is
 * back at the seller's hub.
 */
export const HANDOVERS = ["drop", "depart", "arrive", "collect", "transit", "return_drop", "return_arrive"] as const;
export type Handover = (typeof HANDOVERS)[number];
export const HOLDERS = ["hub", "carrier", "point", "buyer"] as const;
export type Holder = (typeof HOLDERS)[number];

export const DISCREPANCY_KINDS = ["missing", "extra"] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
export const DISCREPANCY_OUTCOMES = ["found", "lost"] as const;
export type DiscrepancyOutcome = (typeof DISCREPANCY_OUTCOMES)[number];
