import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../app/env.server";

describe("SMS gateway environment", () => {
  it("needs nothing: without a gateway the development outbox is used", () => {
    const env = parseEnv({});
    expect(env.SMS_GATEWAY_URL).toBeUndefined();
    expect(env).toMatchObject({ SMS_SENDER_NAME: "AuylHub", SMS_TIMEOUT_MS: 5000, SMS_RETRIES: 2, SIGN_IN_CODES_PER_IP_HOUR: 20, SIGN_IN_CODES_GLOBAL_HOUR: 500 });
  });

  it("takes a gateway URL with its token", () => {
    const env = parseEnv({ SMS_GATEWAY_URL: "https://sms.example/send", SMS_GATEWAY_TOKEN: "t", SMS_SENDER_NAME: "Besagash", SMS_TIMEOUT_MS: "3000" });
    expect(env).toMatchObject({ SMS_GATEWAY_URL: "https://sms.example/send", SMS_GATEWAY_TOKEN: "t", SMS_SENDER_NAME: "Besagash", SMS_TIMEOUT_MS: 3000 });
  });

  it("refuses to start with half a gateway or a bad value, naming the variable", () => {
    expect(() => parseEnv({ SMS_GATEWAY_URL: "https://sms.example/send" })).toThrow(/SMS_GATEWAY_TOKEN: required when SMS_GATEWAY_URL is set/);
    expect(() => parseEnv({ SMS_GATEWAY_TOKEN: "t" })).toThrow(/SMS_GATEWAY_URL/);
    expect(() => parseEnv({ SMS_GATEWAY_URL: "not a url", SMS_GATEWAY_TOKEN: "t" })).toThrow(EnvError);
    expect(() => parseEnv({ SMS_SENDER_NAME: "A sender name that is far too long" })).toThrow(/SMS_SENDER_NAME/);
    expect(() => parseEnv({ SMS_RETRIES: "9" })).toThrow(/SMS_RETRIES/);
  });
});
