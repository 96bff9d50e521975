/**
 * A village hub's page, as an admin fills it when opening the hub and its
 * coordinator keeps it up to date: pure checks, no database. Messages are
 * refusal codes (`geo.*`); the web floor (app/web/village-page-form.server.ts)
 * turns them into text and echoes every typed value.
 */
import { z } from "zod";
import { SPECIALTIES, type Specialty } from "./vocabulary";

export const MAX_STORY = 2000;
/** More than the largest village; a typo of an extra digit or two is caught. */
export const MAX_HOUSEHOLDS = 200_000;

/** Form field names, as the inputs are named; all are echoed back on errors. */
export const VILLAGE_PAGE_FIELDS = ["households", "specialty", "storyKk", "storyRu", "storyEn"] as const;
export type VillagePageField = (typeof VILLAGE_PAGE_FIELDS)[number];
export type VillagePageValues = Partial<Record<VillagePageField, string>>;

const story = z
  .string()
  .trim()
  .max(MAX_STORY, { message: "geo.story_too_long" })
  .transform((text) => (text === "" ? null : text.replace(/\r\n?/g, "\n")));

export const villagePageInput = z.object({
  // Typed as a person writes a count: "2 400", "2400".
  households: z
    .string()
    .transform((text) => text.replace(/[\s\u00a0\u202f]/g, ""))
    .pipe(z.string().regex(/^\d{1,7}$/, { message: "geo.households" }))
    .transform(Number)
    .pipe(z.number().int().min(1, { message: "geo.households" }).max(MAX_HOUSEHOLDS, { message: "geo.households" })),
  specialty: z
    .string()
    .refine((value): value is "" | Specialty => value === "" || (SPECIALTIES as readonly string[]).includes(value), { message: "geo.specialty" })
    .transform((value) => (value === "" ? null : (value as Specialty))),
  storyKk: story,
  storyRu: story,
  storyEn: story,
});

export type VillagePageInput = z.output<typeof villagePageInput>;

/** Checks the typed fields; errors are refusal codes per field. */
export function parseVillagePage(values: VillagePageValues): { ok: true; page: VillagePageInput } | { ok: false; errors: Partial<Record<VillagePageField, string>> } {
  const parsed = villagePageInput.safeParse({
    households: values.households ?? "",
    specialty: values.specialty ?? "",
    storyKk: values.storyKk ?? "",
    storyRu: values.storyRu ?? "",
    storyEn: values.storyEn ?? "",
  });
  if (parsed.success) return { ok: true, page: parsed.data };
  const errors: Partial<Record<VillagePageField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as VillagePageField;
    errors[field] ??= issue.message.startsWith("geo.") ? issue.message : "geo.invalid";
  }
  return { ok: false, errors };
}
