import { z } from "zod";

/**
 * The environment, checked once when the server starts. Every variable has a
 * default that serves the embedded mode, so a fresh clone needs none of them.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/auyl.db"),
  /** Seed demo districts and villages when the database is empty. */
  DEMO_DATA: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** Largest request body accepted, in bytes (a translated 413 page past it). */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Signs cookies. When unset, a secret is generated once and kept in the database. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** Set when a reverse proxy terminates https in front of the server. */
  TRUST_PROXY: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** Origins allowed to POST besides the request's own, comma separated. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().url())),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join(".")}: ${issue.message} (got ${JSON.stringify(source[String(issue.path[0])])})`,
  );
  throw new EnvError(`Invalid environment, the server will not start:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
