/** Kinds of pickup point a village cooperative runs (DESIGN §2 logistics). */
export const PICKUP_POINT_KINDS = ["hub_shop", "post_office", "locker", "coop_warehouse"] as const;
export type PickupPointKind = (typeof PICKUP_POINT_KINDS)[number];

export const DEFAULT_STORAGE_DAYS = 7;
export const MAX_STORAGE_DAYS = 30;
