import { z } from "zod";
import { parseTrustProxy } from "./trust-proxy";

/**
 * The environment, checked once when the server starts. Every variable has a
 * default that serves the embedded mode, so a fresh clone needs none of them;
 * production mode needs a few more (env-check.ts). `.env.example` lists them all.
 */
const flag = z.enum(["true", "false"]).default("false").transform((v) => v === "true");

const settings = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/auyl.db"),
  /**
   * Server processes serving on PORT over the one database file (decision 0021): unset, one per
   * core; 1 keeps everything in one process. Development (`npm run dev`) always runs one.
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * How long a page rendered for a visitor who is not signed in may be given again to the next such
   * visitor of the same address and language, while the database is unchanged (decision 0029); 0: off.
   */
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  /** Seed demo districts and villages when the database is empty. */
  DEMO_DATA: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** Largest request body accepted, in bytes (a translated 413 page past it). */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /**
   * Largest body of a photo upload (the listing screens of sellers and
   * coordinators only): up to 8 photos of 15 MiB each.
   */
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(8 * 15 * 1024 * 1024),
  /** Listing photos, outside the web root; served by /photos/<name>. */
  PHOTOS_DIR: z.string().min(1).default("data/photos"),
  /** Signs cookies. When unset, a secret is generated once and kept in the database. */
  SESSION_SECRET: z.string().min(32).optional(),
  /**
   * The reverse proxies in front of the server, whose X-Forwarded-For entry and
   * X-Forwarded-Proto are believed: `false` (none: the socket's address is the
   * client's), a number of hops (`1`: the address the nearest proxy appended,
   * the right-most entry), or the proxies' addresses (see trust-proxy.ts).
   */
  TRUST_PROXY: z.string().default("false").transform(parseTrustProxy),
  /**
   * The address people reach the hub at (`https://auyl.example.kz`): link
   * previews, canonical URLs, the sitemap and QR codes name it. Unset, each
   * request's own origin is used (fine on a laptop or behind one proxy that
   * passes Host; production mode warns).
   */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\/[^/?#]+\/?$/.test(v), "an origin only: scheme and host, no path")
    .transform((v) => v.replace(/\/$/, ""))
    .optional(),
  /** Origins allowed to POST besides the request's own, comma separated. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().url())),
  /**
   * An SMS gateway (the `http` adapter). Without it, messages go to the
   * development outbox: stored in the database and listed at /dev/sms.
   */
  SMS_GATEWAY_URL: z.string().url().optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  /** The sender name the gateway shows (an alpha name registered with the operator). */
  SMS_SENDER_NAME: z.string().min(1).max(11).default("AuylHub"),
  SMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Further tries after a failed one (timeouts, 5xx), each with the same idempotency key. */
  SMS_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Sign-in codes sent per client IP per hour, and in total per hour (SEC-06). */
  SIGN_IN_CODES_PER_IP_HOUR: z.coerce.number().int().min(1).default(20),
  SIGN_IN_CODES_GLOBAL_HOUR: z.coerce.number().int().min(1).default(500),
  /**
   * Online backups of the database and photos (docs/decisions/0013-online-backups-and-restore.md).
   * BACKUP_DIR: a directory, best on another disk; unset, production backs up into `backups/`
   * beside the database and development makes none. BACKUP_EVERY_MINUTES: 0 stops the schedule
   * (`npm run db:backup` still works). Retention keeps the newest backup of each of the last
   * BACKUP_KEEP_HOURLY hours and BACKUP_KEEP_DAILY days (Kazakhstan time) that have one.
   */
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  BACKUP_KEEP_HOURLY: z.coerce.number().int().min(1).max(10_000).default(48),
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(0).max(10_000).default(30),
  /**
   * The payment provider: `dev` (the development provider and its test page
   * /dev/pay, no money moves) or `none` (no online payment: buyers pay in cash
   * at pickup) or `cloudpayments` (the licensed payment organisation, below).
   */
  PAYMENT_PROVIDER: z.enum(["dev", "none", "cloudpayments"]).default("dev"),
  /**
   * Money rails (docs/decisions/0022-money-rails.md). CloudPayments: the site's
   * public id and API secret from its cabinet (the secret also signs the
   * notifications), the API's address (a test's fake server overrides it)
   * and how long a call may take. (The platform's legal entity and account
   * are the admin's settings at /admin/money.)
   */
  CLOUDPAYMENTS_PUBLIC_ID: z.string().min(1).optional(),
  CLOUDPAYMENTS_API_SECRET: z.string().min(1).optional(),
  CLOUDPAYMENTS_API_URL: z.string().url().default("https://api.cloudpayments.ru"),
  CLOUDPAYMENTS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Days a buyer may add, once, to a parcel's time at the pickup point before it goes back (issue 14 §5). */
  STORAGE_EXTENSION_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  /**
   * A staging box in production mode without demo data may still use the
   * development SMS outbox (/dev/sms shows every sign-in code to anyone) or
   * payment provider (/dev/pay marks orders paid): each only when said here.
   */
  ALLOW_DEV_SMS: flag,
  ALLOW_DEV_PAYMENTS: flag,
  /**
   * Order deadlines (issue 14): a made-to-order parcel is due at the hub this many days after
   * its promised ready date; the hub sends a parcel it holds within HUB_SEND_DAYS and a parcel
   * in transit arrives within TRANSIT_DAYS, else it is flagged for a person; reminders go out
   * REMINDER_HOURS before a deadline someone can still meet.
   */
  MADE_TO_ORDER_MARGIN_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  HUB_SEND_DAYS: z.coerce.number().int().min(1).max(30).default(2),
  TRANSIT_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  REMINDER_HOURS: z.coerce.number().int().min(1).max(72).default(24),
  /** A bearer token with which a scraper (Prometheus) reads /metrics; admins read it with their session. */
  METRICS_TOKEN: z.string().min(32).optional(),
});

/** Every setting the server reads; .env.example documents each (tests/unit/env-check.test.ts). */
export const SETTING_NAMES = Object.keys(settings.shape);

const schema = settings.superRefine((env, ctx) => {
  if (env.SMS_GATEWAY_URL && !env.SMS_GATEWAY_TOKEN) {
    ctx.addIssue({ code: "custom", path: ["SMS_GATEWAY_TOKEN"], message: "required when SMS_GATEWAY_URL is set" });
  }
  if (env.SMS_GATEWAY_TOKEN && !env.SMS_GATEWAY_URL) {
    ctx.addIssue({ code: "custom", path: ["SMS_GATEWAY_URL"], message: "required when SMS_GATEWAY_TOKEN is set" });
  }
  if (env.PAYMENT_PROVIDER === "cloudpayments") {
    for (const name of ["CLOUDPAYMENTS_PUBLIC_ID", "CLOUDPAYMENTS_API_SECRET"] as const) {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "required when PAYMENT_PROVIDER=cloudpayments" });
    }
  }

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
