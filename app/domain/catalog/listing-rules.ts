import { z } from "zod";
import { LANGUAGES } from "../../i18n/config";
import { parseTenge } from "../../i18n/money";
import { personText, type TextShape } from "../identity/person-text";
import { LISTING_UNITS, WEIGHT_CLASSES, type ListingStatus } from "./vocabulary";


/** The highest price a listing may ask: 100 million ₸, in tiyn (SEC-12's price cap). */
export const MAX_PRICE_TIYN = 100_000_000 * 100;
export const MAX_STOCK = 99_999;
export const MAX_LEAD_DAYS = 180;

/** What a listing's status becomes after a stock change: zero stock sells out, restocking reopens. */
export function statusAfterStockChange(status: ListingStatus, stock: number, madeToOrder: boolean): ListingStatus {
  if (madeToOrder) return status === "sold_out" ? "active" : status;
  if (status === "active" && stock === 0) return "sold_out";
  if (status === "sold_out" && stock > 0) return "active";
  return status;
}

type Actor = "seller" | "moderator";

/**
 * Which status changes each actor may make. Sellers publish, pause and resume;
 * only moderation removes (with a reason) and only moderation puts a removed
 * listing back. "sold_out" is never chosen by hand: stock decides it.
 */
const ALLOWED: Record<Actor, Partial<Record<ListingStatus, readonly ListingStatus[]>>> = {
  seller: { draft: ["active"], active: ["paused"], paused: ["active"], sold_out: ["paused"] },
  moderator: { draft: ["removed"], active: ["removed"], paused: ["removed"], sold_out: ["removed"], removed: ["paused"] },
};

export function canChangeListingStatus(
  from: ListingStatus,
  to: ListingStatus,
  actor: Actor,
): { ok: true } | { ok: false; reason: "listing.status_not_allowed" } {
  return ALLOWED[actor][from]?.includes(to) ? { ok: true } : { ok: false, reason: "listing.status_not_allowed" };
}

/** A title is one line, a description several; both cleaned before they are measured (issue 13 §6). */
const text = (shape: TextShape, max: number) => personText(shape, z.string().max(max, { message: "catalog.too_long" }));
const optionalText = (shape: TextShape, max: number) =>
  text(shape, max)
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * The listing form, as a seller fills it on a phone. Messages are locale keys.
 * Title and description are in the seller's language; the other two are optional.
 */
export const listingInput = z
  .object({
    language: z.enum(LANGUAGES, { message: "catalog.language" }),
    title: personText("line", z.string().min(3, { message: "catalog.title_short" }).max(100, { message: "catalog.too_long" })),
    description: text("lines", 2000).default(""),
    translations: z
      .record(z.enum(LANGUAGES), z.object({ title: optionalText("line", 100), description: optionalText("lines", 2000) }))
      .default({}),
    categoryId: z.coerce.number({ message: "catalog.category" }).int().positive({ message: "catalog.category" }),
    price: z
      .string({ message: "catalog.price" })
      .transform((value, ctx) => {
        const tiyn = parseTenge(value);
        if (tiyn === undefined || tiyn <= 0 || tiyn > MAX_PRICE_TIYN) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "catalog.price" });
          return z.NEVER;
        }
        return tiyn;
      }),
    unit: z.enum(LISTING_UNITS, { message: "catalog.unit" }),
    stock: z.coerce
      .number({ message: "catalog.stock" })
      .int({ message: "catalog.stock" })
      .min(0, { message: "catalog.stock" })
      .max(MAX_STOCK, { message: "catalog.stock" }),
    weightClass: z.enum(WEIGHT_CLASSES, { message: "catalog.weight_class" }),
    madeToOrder: z
      .union([z.literal("on"), z.literal("true"), z.boolean()])
      .optional()
      .transform((v) => v === true || v === "on" || v === "true"),
    leadDays: z.coerce.number().int().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.madeToOrder && !(value.leadDays && value.leadDays >= 1 && value.leadDays <= MAX_LEAD_DAYS)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["leadDays"], message: "catalog.lead_days" });
    }
  })
  .transform(({ price, ...rest }) => ({
    ...rest,
    priceTiyn: price,
    leadDays: rest.madeToOrder ? rest.leadDays : undefined,
  }));

export type ListingInput = z.output<typeof listingInput>;

/** Photos a listing may have (issue 4). */
export const MAX_LISTING_PHOTOS = 8;

/** The longest consent note a coordinator writes when acting for a seller. */
export const MAX_CONSENT_NOTE = 500;
