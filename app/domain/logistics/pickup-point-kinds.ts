/**
 * Kinds of pickup point (DESIGN §2 logistics): a village cooperative's own, or a partner shop
 * or post office anywhere in the country; a sorting hub is a regional point where lanes meet
 * (decision lanes-and-delivery-fees).
 */
export const PICKUP_POINT_KINDS = ["hub_shop", "post_office", "locker", "coop_warehouse", "partner_shop", "sorting_hub"] as const;
export type PickupPointKind = (typeof PICKUP_POINT_KINDS)[number];

export const DEFAULT_STORAGE_DAYS = 7;
export const MAX_STORAGE_DAYS = 30;

/** Who drives a lane: the cooperative's own van, a bus driver, Kazpost, a courier company. */
export const CARRIER_KINDS = ["own_van", "bus_driver", "kazpost", "courier"] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];
