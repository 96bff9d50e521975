/**
 * The logistics figures of an area (docs/metrics.md "Logistics"): what the rollup adds up, and
 * the shares and ratios an analyst sees, suppressed like the service figures. Pure.
 */
import { CARRIER_KINDS, type CarrierKind } from "../shipping/vocabulary";
import { SUPPRESSED, type Cell } from "./suppression";

/** Sums of insights_logistics_months over villages and months (one carrier kind or all). */
export interface LogisticsMeasures {
  shipmentsArrived: number;
  parcelsShipped: number;
  parcelsPriced: number;
  deliveryFeeTiyn: number;
  shipmentsDue: number;
  shipmentsOnTime: number;
  parcelsLost: number;
}

export const ZERO_LOGISTICS: LogisticsMeasures = {
  shipmentsArrived: 0,
  parcelsShipped: 0,
  parcelsPriced: 0,
  deliveryFeeTiyn: 0,
  shipmentsDue: 0,
  shipmentsOnTime: 0,
  parcelsLost: 0,
};

export interface LogisticsMetrics {
  total: LogisticsMeasures;
  /** Carrier kinds with any arrived shipment, in CARRIER_KINDS order. */
  byCarrier: { carrierKind: CarrierKind; measures: LogisticsMeasures }[];
}

export function addLogistics(a: LogisticsMeasures, b: LogisticsMeasures): LogisticsMeasures {
  const out = { ...a };
  for (const key of Object.keys(out) as (keyof LogisticsMeasures)[]) out[key] += b[key];
  return out;
}

/** Gathers per-carrier sums (any order, repeats allowed) into metrics. */
export function logisticsMetricsOf(rows: readonly ({ carrierKind: CarrierKind } & LogisticsMeasures)[]): LogisticsMetrics {
  const by = new Map<CarrierKind, LogisticsMeasures>();
  for (const { carrierKind, ...m } of rows) by.set(carrierKind, addLogistics(by.get(carrierKind) ?? ZERO_LOGISTICS, m));
  const byCarrier = CARRIER_KINDS.filter((k) => (by.get(k)?.shipmentsArrived ?? 0) > 0).map((carrierKind) => ({ carrierKind, measures: by.get(carrierKind)! }));
  return { total: byCarrier.reduce((sum, row) => addLogistics(sum, row.measures), ZERO_LOGISTICS), byCarrier };
}

/** The figures as shown: counts, money and shares, each a number, null (no denominator) or "<5". */
export interface LogisticsCells {
  shipmentsArrived: Cell<number>;
  parcelsShipped: Cell<number>;
  /** Parcels ÷ shipments, to one decimal. */
  parcelsPerShipment: Cell<number | null>;
  /** Parcels − shipments: the trips sending each parcel alone would have taken more. */
  tripsSaved: Cell<number>;
  deliveryFeeTiyn: Cell<number>;
  /** Fees ÷ priced parcels, rounded to the tiyn. */
  feePerParcelTiyn: Cell<number | null>;
  shipmentsOnTime: Cell<number>;
  /** On time ÷ shipments with an expected day, 0–1. */
  onTimeShare: Cell<number | null>;
  parcelsLost: Cell<number>;
}

export interface CarrierLogisticsCells extends LogisticsCells {
  carrierKind: CarrierKind;
}

export interface LogisticsReport {
  current: LogisticsCells;
  previous: LogisticsCells;
  /** The period's figures by carrier kind; empty when the period's figures are hidden. */
  byCarrier: CarrierLogisticsCells[];
}

/**
 * Hidden when the area's period stands on 1–4 sellers with sales (like the service figures), and
 * also when it stands on none but had shipments: a parcel's arrival month may hold none of its
 * seller's sales, and a shipment is then built from fewer than 5 sellers for all anyone knows.
 */
export function hideLogistics(contributors: number, m: LogisticsMeasures): boolean {
  return (contributors > 0 && contributors < 5) || (contributors === 0 && m.shipmentsArrived > 0);
}

export function logisticsCells(m: LogisticsMeasures, hide: boolean): LogisticsCells {
  if (hide) {
    return {
      shipmentsArrived: SUPPRESSED,
      parcelsShipped: SUPPRESSED,
      parcelsPerShipment: SUPPRESSED,
      tripsSaved: SUPPRESSED,
      deliveryFeeTiyn: SUPPRESSED,
      feePerParcelTiyn: SUPPRESSED,
      shipmentsOnTime: SUPPRESSED,
      onTimeShare: SUPPRESSED,
      parcelsLost: SUPPRESSED,
    };
  }
  return {
    shipmentsArrived: m.shipmentsArrived,
    parcelsShipped: m.parcelsShipped,
    parcelsPerShipment: m.shipmentsArrived > 0 ? Math.round((m.parcelsShipped / m.shipmentsArrived) * 10) / 10 : null,
    tripsSaved: m.parcelsShipped - m.shipmentsArrived,
    deliveryFeeTiyn: m.deliveryFeeTiyn,
    feePerParcelTiyn: m.parcelsPriced > 0 ? Math.round(m.deliveryFeeTiyn / m.parcelsPriced) : null,
    shipmentsOnTime: m.shipmentsOnTime,
    onTimeShare: m.shipmentsDue > 0 ? m.shipmentsOnTime / m.shipmentsDue : null,
    parcelsLost: m.parcelsLost,
  };
}

/** The report part of an area: the period, the one before and the period by carrier (shown only with the period). */
export function logisticsReport(current: LogisticsMetrics, previous: LogisticsMetrics, hide: { current: boolean; previous: boolean }): LogisticsReport {
  return {
    current: logisticsCells(current.total, hide.current),
    previous: logisticsCells(previous.total, hide.previous),
    byCarrier: hide.current ? [] : current.byCarrier.map((row) => ({ carrierKind: row.carrierKind, ...logisticsCells(row.measures, false) })),
  };
}

/** How a figure is written: a count, money in tiyn, a 0–1 share or a number with one decimal. */
export type LogisticsFormat = "count" | "money" | "share" | "decimal";

/** Every logistics figure in the order the screens, the CSV and the help list them (locale key `analytics:logisticsFigures.<key>`). */
export const LOGISTICS_FIGURES: readonly { key: keyof LogisticsCells; format: LogisticsFormat }[] = [
  { key: "shipmentsArrived", format: "count" },
  { key: "parcelsShipped", format: "count" },
  { key: "parcelsPerShipment", format: "decimal" },
  { key: "tripsSaved", format: "count" },
  { key: "deliveryFeeTiyn", format: "money" },
  { key: "feePerParcelTiyn", format: "money" },
  { key: "shipmentsOnTime", format: "count" },
  { key: "onTimeShare", format: "share" },
  { key: "parcelsLost", format: "count" },
];

/** The figures of the table by carrier kind (a subset: the sums are in the area's table above it). */
export const CARRIER_FIGURES = LOGISTICS_FIGURES.filter((f) => ["shipmentsArrived", "parcelsShipped", "parcelsPerShipment", "feePerParcelTiyn", "onTimeShare", "parcelsLost"].includes(f.key));
