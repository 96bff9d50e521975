import { z } from "zod";

/** URL parts of the geography pages. Anything else is a page that does not exist. */
export const regionCodeParam = z
  .string()
  .regex(/^kz-\d{2}$/i)
  .transform((s) => s.toUpperCase());
export const slugParam = z.string().regex(/^[a-z0-9-]{1,64}$/);

export function parseOrNotFound<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Response(null, { status: 404 });
  return result.data;
}
