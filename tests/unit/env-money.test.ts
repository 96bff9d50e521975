/** The money rails' settings (issue 15 §1): CloudPayments needs its public id and API secret, checked when the server starts. */
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../app/env.server";

describe("PAYMENT_PROVIDER=cloudpayments", () => {
  it("refuses to start without the public id or the API secret, naming the missing one", () => {
    expect(() => parseEnv({ PAYMENT_PROVIDER: "cloudpayments", CLOUDPAYMENTS_PUBLIC_ID: "pk_x" })).toThrow(EnvError);
    expect(() => parseEnv({ PAYMENT_PROVIDER: "cloudpayments", CLOUDPAYMENTS_API_SECRET: "s" })).toThrow(/CLOUDPAYMENTS_PUBLIC_ID: required/);
  });

  it("starts with both, and the API's address can be pointed elsewhere (a fake, a regional host)", () => {
    const env = parseEnv({ PAYMENT_PROVIDER: "cloudpayments", CLOUDPAYMENTS_PUBLIC_ID: "pk_x", CLOUDPAYMENTS_API_SECRET: "s", CLOUDPAYMENTS_API_URL: "http://127.0.0.1:9999" });
    expect(env).toMatchObject({ PAYMENT_PROVIDER: "cloudpayments", CLOUDPAYMENTS_API_URL: "http://127.0.0.1:9999", CLOUDPAYMENTS_TIMEOUT_MS: 10_000 });
    expect(() => parseEnv({ CLOUDPAYMENTS_API_URL: "not a url" })).toThrow(EnvError);
  });
});
