/**
 * Who may do what (SEC-08): one pure function every loader and action calls.
 * buyer is everyone signed in; other roles carry a scope.
 */
import type { Role } from "./vocabulary";


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
  /** A region's figures (districts and villages inside it inherit it); `null` is the whole country. */
  | { type: "area"; regionId: number | null }
  /** A listing, or a listing about to be made, by the seller (a user) in a village. */
  | { type: "listing"; sellerUserId: number; villageId: number }
  /** A pickup point in a village. */
  | { type: "pickup_point"; pickupPointId: number; villageId: number }
  /** An order: its buyer, its seller's user and village, and where it is collected. */
  | {
      type: "order";
      buyerUserId: number;
      sellerUserId: number;
      sellerVillageId: number;
      pickupPointId: number;
      pickupVillageId: number;
      /** The seller asked their village's coordinator to handle their orders (assisted selling). */
      sellerAssisted?: boolean;
    }
  /** A seller's shop in a village; assisted: the seller chose assisted selling (issue 14 §4). */
  | { type: "shop"; sellerUserId: number; villageId: number; assisted: boolean }
  /** A review of an order: its buyer, its seller's user and village. */
  | { type: "review"; buyerUserId: number; sellerUserId: number; sellerVillageId: number }
  /**
   * A message thread (or one about to be started): its buyer, its seller's user
   * and village, and whether the order it is about is in dispute.
   */
  | { type: "thread"; buyerUserId: number; sellerUserId: number; sellerVillageId: number; orderDisputed: boolean }
  /** A shipment (issue 17 §3): from a village hub to a pickup point in a village. */
  | { type: "shipment"; fromVillageId: number; toPickupPointId: number; toVillageId: number; fromPickupPointId?: number | null }
  /** An order's dispute file (issue 16 §4): its sides, the seller's village, and the neutral reviewer it went to. */
  | { type: "dispute"; buyerUserId: number; sellerUserId: number; sellerVillageId: number; reviewerUserId: number | null };

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
  | "hubs.manage"
  | "village.page.edit"
  | "village.poster.print"
  | "admin.disable"
  | "audit.view"
  | "metrics.view"
  | "listing.create"
  | "listing.edit"
  | "listing.assist"
  | "photo.upload"
  | "category.admin"
  | "cart.use"
  | "checkout"
  | "pickup_points.manage"
  | "lanes.manage"
  | "pickup_point.open"
  | "pickup_point.operate"
  | "order.view"
  | "order.buyer_act"
  | "order.seller_act"
  | "order.hub_receive_send"
  | "order.hub_arrive"
  | "order.resolve"
  | "order.handover"
  | "order.assist"
  | "orders.held.view"
  | "order.storage_extend"
  | "order.return_request"
  | "order.return_decide"
  | "order.return_take"
  | "order.return_send"
  | "order.return_arrive"
  | "money.view"
  | "money.admin"
  | "payout.destination.assist"
  | "lane.payee.set"
  | "backups.manage"
  | "hub.view"
  | "shipment.view"
  | "shipment.load"
  | "shipment.receive"
  | "shipment.resolve"
  | "insights.area"
  | "insights.settings"
  | "api_tokens.manage"
  | "evidence.consent"
  | "evidence.print"
  | "review.write"
  | "review.answer"
  | "review.report"
  | "review.remove"
  | "message.write"
  | "message.read"
  | "inbox.view"
  | "quality.view"
  | "quality.settings"
  | "quality.village"
  | "moderation.queue"
  | "moderation.decide"
  | "dispute.open"
  | "dispute.view"
  | "dispute.answer"
  | "dispute.decide"
  | "dispute.appeal"
  | "dispute.review"
  | "disputes.queue"
  | "disputes.reviewers";

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

/** An operator of the point a chained shipment leaves from. */
function sendsFromPoint(actor: Actor, resource: { fromPickupPointId?: number | null }): boolean {
  return resource.fromPickupPointId != null && hasGrant(actor, "operator", resource.fromPickupPointId);
}

/** An operator grant for one pickup point. */
export function hasGrant(actor: Actor, role: "operator", pickupPointId: number): boolean {
  return actor !== null && actor.grants.some((g) => g.role === role && g.pickupPointId === pickupPointId);
}

export function can(actor: Actor, action: Action, resource: Resource = { type: "site" }): CanResult {
  // Open to everyone: signing in and out, and the development outbox (only
  // mounted while no SMS gateway is configured).
  if (action === "signin" || action === "signout" || action === "outbox.view") return OK;
  // Anyone may report a listing, signed in or not: a buyer who sees a fake should not need an account.
  if (action === "listing.report") return resource.type === "listing" ? OK : deny("auth.not_found");
  // Reviews are public, and so is reporting one.
  if (action === "review.report") return resource.type === "review" ? OK : deny("auth.not_found");
  // The cart works before sign-in (a cookie); checkout asks for a phone.
  if (action === "cart.use") return OK;
  if (!actor) return deny("auth.sign_in_required");
  switch (action) {
    case "checkout":
      return OK;
    case "hub.view":
      // A coordinator runs the hub of their own villages.
      return resource.type === "village" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "shipment.load":
    case "shipment.resolve":
      // Loading, departure and a discrepancy's outcome belong to the hub the shipment left
      // (issue 17 §3–4): it packed the parcels and it deals with the carrier.
      // A chained leg leaves a point (decision chained-shipments): its operators send it, and its hub.
      return resource.type === "shipment" && (hasRole(actor, "coordinator", { villageId: resource.fromVillageId }) || sendsFromPoint(actor, resource))
        ? OK
        : deny("auth.forbidden");
    case "shipment.receive":
      // Arrival is scanned where the shipment is unloaded: its point's operators and the coordinators of the point's village.
      return resource.type === "shipment" &&
        (hasGrant(actor, "operator", resource.toPickupPointId) || hasRole(actor, "coordinator", { villageId: resource.toVillageId }))
        ? OK
        : deny("auth.forbidden");
    case "shipment.view":
      // Both ends: the hub that sent it, the point (and its village's hub) that receives it.
      return resource.type === "shipment" &&
        (hasRole(actor, "coordinator", { villageId: resource.fromVillageId }) ||
          hasRole(actor, "coordinator", { villageId: resource.toVillageId }) ||
          hasGrant(actor, "operator", resource.toPickupPointId) ||
          sendsFromPoint(actor, resource))
        ? OK
        : deny("auth.not_found");
    case "pickup_point.operate":
      // The point's operators, and the coordinators of its village.
      return resource.type === "pickup_point" &&
        (hasGrant(actor, "operator", resource.pickupPointId) ||
          hasRole(actor, "coordinator", { villageId: resource.villageId }))
        ? OK
        : deny("auth.forbidden");
    case "order.view":
      if (resource.type !== "order") return deny("auth.not_found");
      return resource.buyerUserId === actor.userId ||
        resource.sellerUserId === actor.userId ||
        hasRole(actor, "coordinator", { villageId: resource.sellerVillageId }) ||
        hasRole(actor, "coordinator", { villageId: resource.pickupVillageId }) ||
        hasGrant(actor, "operator", resource.pickupPointId) ||
        hasRole(actor, "admin")
        ? OK
        : deny("auth.not_found");
    case "order.buyer_act":
      return resource.type === "order" && resource.buyerUserId === actor.userId ? OK : deny("auth.not_found");
    case "order.seller_act":
      return resource.type === "order" && resource.sellerUserId === actor.userId ? OK : deny("auth.not_found");
    case "order.hub_receive_send":
      // Receiving a parcel and sending it out happen where the goods are: the hub of the
      // seller's village, and no other (issue 13 §3: the point's hub once "received" goods
      // still at the seller's and shelved them, sending the buyer a false "ready").
      return resource.type === "order" && hasRole(actor, "coordinator", { villageId: resource.sellerVillageId })
        ? OK
        : deny("auth.forbidden");
    case "order.hub_arrive":
      // Arrival is recorded where the parcel is collected: the hub of the pickup point's
      // village (the point's operators record it through order.handover).
      return resource.type === "order" && hasRole(actor, "coordinator", { villageId: resource.pickupVillageId })
        ? OK
        : deny("auth.forbidden");
    case "order.resolve":
      // Disputes, unlocking a parcel: the coordinator of the seller's village, or an admin.
      return resource.type === "order" &&
        (hasRole(actor, "coordinator", { villageId: resource.sellerVillageId }) || hasRole(actor, "admin"))
        ? OK
        : deny("auth.forbidden");
    case "order.assist":
      // Assisted selling (issue 14 §4): the coordinator of the seller's own village, and only
      // for a seller who chose it; never the seller's own account, never another village.
      return resource.type === "order" && resource.sellerAssisted === true && hasRole(actor, "coordinator", { villageId: resource.sellerVillageId })
        ? OK
        : deny("auth.forbidden");
    case "payout.destination.assist":
      // Issue 15 §2: the coordinator of the seller's own village records where an assisted
      // seller's payouts go, with the seller's consent note; never another village's.
      return resource.type === "shop" && resource.assisted && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "orders.held.view":
      // Money held past its deadline, every village's (issue 14 §2): the admins' queue.
      return hasRole(actor, "admin") ? OK : deny("auth.forbidden");
    case "order.handover":
    case "order.return_take":
    case "order.return_send":
      // Only at the parcel's own pickup point, by its operator or its village's coordinator. The way
      // back starts there too (issue 14 §5–6): the people who recorded its arrival on the way out
      // take a return against its code and send a parcel back.
      return resource.type === "order" &&
        (hasGrant(actor, "operator", resource.pickupPointId) ||
          hasRole(actor, "coordinator", { villageId: resource.pickupVillageId }))
        ? OK
        : deny("auth.forbidden");
    case "review.write":
      // Only the order's buyer reviews it (the domain checks it was completed, and when).
      return resource.type === "order" && resource.buyerUserId === actor.userId ? OK : deny("auth.not_found");
    case "review.answer":
      return resource.type === "review" && resource.sellerUserId === actor.userId ? OK : deny("auth.not_found");
    case "review.remove":
      // The moderators of the seller's village (they hold its report queue), or an admin.
      return resource.type === "review" &&
        (hasRole(actor, "coordinator", { villageId: resource.sellerVillageId }) || hasRole(actor, "admin"))
        ? OK
        : deny("auth.forbidden");
    case "message.write":
      // The two sides only, and never a seller asking their own shop.
      return resource.type === "thread" &&
        resource.buyerUserId !== resource.sellerUserId &&
        (resource.buyerUserId === actor.userId || resource.sellerUserId === actor.userId)
        ? OK
        : deny("auth.not_found");
    case "message.read":
      // The two sides; the coordinator of the seller's village once the order is disputed (they decide it).
      if (resource.type !== "thread") return deny("auth.not_found");
      return resource.buyerUserId === actor.userId ||
        resource.sellerUserId === actor.userId ||
        (resource.orderDisputed && hasRole(actor, "coordinator", { villageId: resource.sellerVillageId }))
        ? OK
        : deny("auth.not_found");
    case "quality.view":
      // A seller's quality index is their own (issue 16 §5).
      return resource.type === "user" && resource.userId === actor.userId && hasRole(actor, "seller") ? OK : deny("auth.not_found");
    case "quality.village":
      // The sellers due for the coordinator's review and the flags sent to them: their own village's.
      return resource.type === "village" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "quality.settings":
    case "moderation.queue":
    case "moderation.decide":
      // The thresholds and the one queue of every village's flags (issue 16 §5–6) are the admins'.
      return hasRole(actor, "admin") ? OK : deny("auth.forbidden");
    case "inbox.view":
      return resource.type === "user" && resource.userId === actor.userId ? OK : deny("auth.not_found");
    case "dispute.open":
    case "dispute.answer":
    case "dispute.appeal":
    case "dispute.view":
    case "dispute.decide":
    case "dispute.review":
      return canDispute(actor, action, resource);
    case "disputes.queue":
      // Every village's disputes: the admins; a coordinator sees the appeals sent to them as an appointed reviewer.
      return hasRole(actor, "admin") || hasRole(actor, "coordinator") ? OK : deny("auth.forbidden");
    case "disputes.reviewers":
      // Who is appointed to review appeals: the admins.
      return hasRole(actor, "admin") ? OK : deny("auth.forbidden");
    case "order.storage_extend":
    case "order.return_request":
      // The buyer's own: more days at the point, or a return after pickup (issue 14 §5–6).
      return resource.type === "order" && resource.buyerUserId === actor.userId ? OK : deny("auth.not_found");
    case "order.return_decide":
      // A return request is answered by the seller (order.seller_act) or, for them, by their village's coordinator.
      return resource.type === "order" && hasRole(actor, "coordinator", { villageId: resource.sellerVillageId })
        ? OK
        : deny("auth.forbidden");
    case "order.return_arrive":
      // It ends where it started: the hub of the seller's village, which received it on the way out.
      return resource.type === "order" && hasRole(actor, "coordinator", { villageId: resource.sellerVillageId })
        ? OK
        : deny("auth.forbidden");
    case "money.view":
      return resource.type === "user" && resource.userId === actor.userId ? OK : deny("auth.not_found");
    case "money.admin":
    case "backups.manage":
      return hasRole(actor, "admin") ? OK : deny("auth.forbidden");
    case "insights.area":
      // Aggregates of an area: admins and national analysts everywhere, a region's analysts in their region.
      if (resource.type !== "area") return deny("auth.not_found");
      return hasRole(actor, "admin") ||
        actor.grants.some((g) => g.role === "analyst" && (g.regionId === null || g.regionId === resource.regionId))
        ? OK
        : deny("auth.forbidden");
    case "insights.settings":
      return hasRole(actor, "admin") ? OK : deny("auth.forbidden");
    case "api_tokens.manage":
      // Tokens for the read-only API, for people who may read aggregates.
      return hasRole(actor, "analyst") || hasRole(actor, "admin") ? OK : deny("auth.forbidden");
    case "evidence.consent":
      // A seller gives or withdraws consent for their own shop only.
      return resource.type === "user" && resource.userId === actor.userId && hasRole(actor, "seller") ? OK : deny("auth.not_found");
    case "evidence.print":
      // The coordinators of the seller's village; the seller's recorded consent is checked by the domain.
      return resource.type === "village" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
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
    case "village.page.edit":
      // The village's page (story, specialty, households, photo) is its own coordinator's to write; an admin opens the hub, then hands it over.
      return resource.type === "village" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "village.reports.view":
    case "village.poster.print":
      // The village's coordinators: its reports, and the poster they print for the bus stop (issue 19 §4).
      return resource.type === "village" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "listing.moderate":
      // Only a coordinator of the listing's own village removes it or dismisses its reports.
      return resource.type === "listing" && hasRole(actor, "coordinator", { villageId: resource.villageId })
        ? OK
        : deny("auth.forbidden");
    case "lanes.manage":
    case "lane.payee.set":
    case "pickup_point.open":
    case "pickup_points.manage":
      // Issue 17: a hub's lanes and pickup points (in its village or elsewhere) are its own coordinator's; an admin may act for every hub (linked from /admin/hubs).
      return resource.type === "village" && (hasRole(actor, "coordinator", { villageId: resource.villageId }) || hasRole(actor, "admin"))
        ? OK
        : deny("auth.forbidden");
    case "category.admin":
    case "hubs.manage":
    case "admin.users":
    case "admin.roles":
    case "admin.disable":
    case "audit.view":
    case "metrics.view":
      return hasRole(actor, "admin") ? OK : deny("auth.forbidden");
  }
}

/** The areas the shell links to, as the person's roles allow. */
export function areasFor(actor: Actor): {
  seller: boolean;
  coordinator: boolean;
  operator: boolean;
  analyst: boolean;
  admin: boolean;
} {
  return {
    seller: actor !== null,
    operator: actor !== null && actor.grants.some((g) => g.role === "operator"),
    coordinator: can(actor, "coordinator.home").ok,
    analyst: actor !== null && actor.grants.some((g) => g.role === "analyst" || g.role === "admin"),
    admin: can(actor, "admin.users").ok,
  };
}

/**
 * The dispute ladder (issue 16 §4): the buyer opens and may appeal; the seller answers and may
 * appeal; the coordinator of the seller's village decides (an admin may step in); the neutral
 * reviewer — an admin, or the appointed reviewer the file went to, never a coordinator of the
 * seller's own village — decides an appeal finally. The use cases check the step.
 */
function canDispute(actor: NonNullable<Actor>, action: Action, resource: Resource): CanResult {
  if (resource.type !== "dispute") return deny("auth.not_found");
  const buyer = resource.buyerUserId === actor.userId;
  const seller = resource.sellerUserId === actor.userId;
  const coordinator = hasRole(actor, "coordinator", { villageId: resource.sellerVillageId });
  const admin = hasRole(actor, "admin");
  // The file went to them as an appointed reviewer (disputes.server.ts picks only coordinators of another village).
  const reviewer = resource.reviewerUserId === actor.userId && hasRole(actor, "coordinator") && !coordinator && !buyer && !seller;
  const allowed: Partial<Record<Action, boolean>> = {
    "dispute.open": buyer,
    "dispute.answer": seller,
    "dispute.appeal": buyer || seller,
    "dispute.view": buyer || seller || coordinator || admin || reviewer,
    "dispute.decide": coordinator || admin,
    "dispute.review": admin || reviewer,
  };
  if (allowed[action]) return OK;
  // The sides and the file's people learn it exists; anyone else is told nothing.
  return buyer || seller || coordinator || admin || reviewer ? deny("auth.forbidden") : deny("auth.not_found");
}
