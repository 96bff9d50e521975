import type { Env } from "./env.server";

/**
 * What a configuration is fit for (issue 12 §3). Production mode is
 * NODE_ENV=production with DEMO_DATA=false: real people's phones and money.
 * There the development adapters — the SMS outbox anyone can read at /dev/sms,
 * the payment page that marks an order paid — would hand accounts and goods
 * to whoever asks, so the server refuses to start with them unless a staging
 * box says so explicitly. NODE_ENV=production with demo data is a demo box
 * (the end-to-end tests run one): made-up people, the development adapters on.
 * Pure: the server, the routes under /dev and `npm run doctor` all ask here.
 */

export interface Finding {
  /** error: the server will not start (or cannot work); warning: it starts, but look. */
  level: "error" | "warning";
  /** The setting to change. */
  setting: string;
  message: string;
}

/** Real people: production mode without demo data. */
export function isProductionMode(env: Env): boolean {
  return env.NODE_ENV === "production" && !env.DEMO_DATA;
}

export function usesDevSms(env: Env): boolean {
  return !env.SMS_GATEWAY_URL;
}

export function usesDevPayments(env: Env): boolean {
  return env.PAYMENT_PROVIDER === "dev";
}

/** Whether /dev/sms or /dev/pay may be served: never in production mode unless allowed (else 404). */
export function devPageAllowed(env: Env, page: "sms" | "payments"): boolean {
  if (!isProductionMode(env)) return true;
  return page === "sms" ? env.ALLOW_DEV_SMS : env.ALLOW_DEV_PAYMENTS;
}

/** The development adapters production mode refuses unless a staging box allows them. */
const DEV_ADAPTERS = [
  {
    inUse: usesDevSms,
    allowance: "ALLOW_DEV_SMS",
    setting: "SMS_GATEWAY_URL",
    allowed: "ALLOW_DEV_SMS=true: sign-in codes go to /dev/sms, readable by anyone. A staging box only: anyone can sign in as anyone",
    refused:
      "SMS_GATEWAY_URL is not set: sign-in codes would go to the development outbox at /dev/sms, readable by anyone. Set SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN, or ALLOW_DEV_SMS=true on a staging box",
  },
  {
    inUse: usesDevPayments,
    allowance: "ALLOW_DEV_PAYMENTS",
    setting: "PAYMENT_PROVIDER",
    allowed: "ALLOW_DEV_PAYMENTS=true: /dev/pay marks orders paid without money. A staging box only",
    refused:
      "PAYMENT_PROVIDER=dev is the development provider: its /dev/pay page marks orders paid without money. Set PAYMENT_PROVIDER=cloudpayments (a licensed payment organisation) or none (cash at pickup only), or ALLOW_DEV_PAYMENTS=true on a staging box",
  },
] as const;

export function configurationFindings(env: Env): Finding[] {
  const findings: Finding[] = [];
  const production = isProductionMode(env);
  if (production) {
    if (!env.SESSION_SECRET) {
      findings.push({
        level: "error",
        setting: "SESSION_SECRET",
        message: "SESSION_SECRET is not set: production needs its own secret of 32 characters or more (openssl rand -base64 48), kept outside the database and its backups",
      });
    }
    for (const adapter of DEV_ADAPTERS) {
      if (!adapter.inUse(env)) continue;
      findings.push(
        env[adapter.allowance]
          ? { level: "warning", setting: adapter.allowance, message: adapter.allowed }
          : { level: "error", setting: adapter.setting, message: adapter.refused },
      );
    }
  } else if (env.NODE_ENV === "production") {
    findings.push({
      level: "warning",
      setting: "DEMO_DATA",
      message: "DEMO_DATA=true: a demo box. The development SMS outbox and payment page are on; never let real people use it (DEMO_DATA=false for a real hub)",
    });
  }
  if (env.NODE_ENV === "production" && env.TRUST_PROXY.kind === "none") {
    findings.push({
      level: "warning",
      setting: "TRUST_PROXY",
      message: "TRUST_PROXY is not set: the server speaks plain http, so cookies are not Secure and there is no HSTS. Serve it behind a proxy that terminates TLS and set TRUST_PROXY=1 (docs/deploy.md)",
    });
  }
  if (production && !env.PUBLIC_URL) {
    findings.push({
      level: "warning",
      setting: "PUBLIC_URL",
      message: "PUBLIC_URL is not set: link previews, canonical URLs, the sitemap and QR posters name whatever host a request came in on. Set it to the address people use (https://auyl.example.kz)",
    });
  }
  return findings;
}

/** The message the server stops with, or null when it may start. */
export function startRefusal(env: Env): string | null {
  const errors = configurationFindings(env).filter((f) => f.level === "error");
  if (errors.length === 0) return null;
  return [
    "The server will not start in production mode (NODE_ENV=production, DEMO_DATA=false):",
    ...errors.map((f) => `  ${f.setting}: ${f.message}`),
    "See .env.example and docs/deploy.md; `npm run doctor` checks a configuration.",
  ].join("\n");
}
