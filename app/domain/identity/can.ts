/**
 * Who may do what (SEC-08): one pure function every loader and action calls.
 * buyer is everyone signed in; other roles carry a scope.
 */
import type { ROLES } from "../../../db/schema/identity";

export type Role = (typeof ROLES)[number];

/**
 * Roles an admin grants on the user screen. seller comes only from an approved
 * application (which also makes the shop); operator waits for pickup points.
 */
export const GRANTABLE_ROLES = ["coordinator", "analyst", "admin"] as const satisfies readonly Role[];
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

export interface Grant {
  role: Role;
  villageId: number | null;
  regionId: number | null;
  pickupPointId: number | null;
}

/** The signed-in person, or null for an anonymous visitor. */
export type Actor = { userId: number; grants: Grant[] } | null;

export type Resource =
  | { type: "site" }
  | { type: "user"; userId: number }
  | { type: "village"; villageId: number }
  /** A listing, or a listing about to be made, by the seller (a user) in a village. */
  | { type: "listing"; sellerUserId: number; villageId: number };

export type Action =
  | "signin"
  | "signout"
  | "outbox.view"
  | "profile.view"
  | "profile.edit"
  | "profile.export"
  | "profile.delete"
  | "seller.apply"
  | "seller.area"
  | "coordinator.home"
  | "village.applications.view"
  | "village.application.decide"
  | "village.seller.verify"
  | "listing.report"
  | "village.reports.view"
  | "listing.moderate"
  | "admin.users"
  | "admin.roles"
  | "admin.disable"
  | "audit.view"
  | "listing.create"
  | "listing.edit"
  | "listing.assist"
  | "photo.upload"
  | "category.admin";

export type Denial = "auth.sign_in_required" | "auth.forbidden" | "auth.not_found";
export type CanResult = { ok: true } | { ok: false; reason: Denial };

const OK: CanResult = { ok: true };
const deny = (reason: Denial): CanResult => ({ ok: false, reason });

export function hasRole(actor: Actor, role: Role, scope?: { villageId?: number }): boolean {
  if (!actor) return false;
  return actor.grants.some(
    (g) => g.role === role && (scope?.villageId === undefined || g.villageId === scope.villageId),
  );
}

export function can(actor: Actor, action: Action, resource: Resource = { type: "site" }): CanResult {
  // Open to everyone: signing in and out, and the development outbox (only
  // mounted while no SMS gateway is configured).
  if (action === "signin" || action === "signout" || action === "outbox.view") return OK;
  // Anyone may report a listing, signed in or not: a buyer who sees a fake should not need an account.
  if (action === "listing.report") return resource.type === "listing" ? OK : deny("auth.not_found");
  if (!actor) return deny("auth.sign_in_required");
  switch (action) {
    case "profile.view":
    case "profile.edit":
    case "profile.export":
    case "profile.delete":
    case "seller.area":
      // Only one's own; another person's profile is not even said to exist.
      return resource.type === "user" && resource.userId === actor.userId ? OK : deny("auth.not_found");
    case "seller.apply":
      return resource.type === "village" ? OK : deny("auth.forbidden");
    case "coordinator.home":
      return hasRole(actor, "coordinator") ? OK : deny("auth.forbidden");
    case "village.applications.view":
    case "village.application.decide":
    case "village.seller.verify":
      return resource.type === "village" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "listing.create":
    case "listing.edit":
      // One's own shop only; another seller's listing is answered as missing.
      return resource.type === "listing" &&
        resource.sellerUserId === actor.userId &&
        hasRole(actor, "seller", { villageId: resource.villageId })
        ? OK
        : deny("auth.not_found");
    case "listing.assist":
      // Assisted selling: a coordinator acts for the sellers of their own villages.
      if (!hasRole(actor, "coordinator")) return deny("auth.forbidden");
      return resource.type === "listing" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.not_found");
    case "photo.upload":
      return hasRole(actor, "seller") || hasRole(actor, "coordinator") ? OK : deny("auth.forbidden");
    case "village.reports.view":
      return resource.type === "village" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "listing.moderate":
      // Only a coordinator of the listing's own village removes it or dismisses its reports.
      return resource.type === "listing" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "category.admin":
    case "admin.users":
    case "admin.roles":
    case "admin.disable":
    case "audit.view":
      return hasRole(actor, "admin") ? OK : deny("auth.forbidden");
  }
}

/** The areas the shell links to, as the person's roles allow. */
export function areasFor(actor: Actor): { seller: boolean; coordinator: boolean; admin: boolean } {
  return {
    seller: actor !== null,
    coordinator: can(actor, "coordinator.home").ok,
    admin: can(actor, "admin.users").ok,
  };
}
