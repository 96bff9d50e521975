import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../app/env.server";

describe("environment", () => {
  it("needs no variable: the defaults serve the embedded mode", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe("data/auyl.db");
    expect(env.DEMO_DATA).toBe(true);
    expect(env.ALLOWED_ORIGINS).toEqual([]);
  });

  it("reads typed values", () => {
    const env = parseEnv({ PORT: "8080", DEMO_DATA: "false", ALLOWED_ORIGINS: "https://a.kz, https://b.kz" });
    expect(env.PORT).toBe(8080);
    expect(env.DEMO_DATA).toBe(false);
    expect(env.ALLOWED_ORIGINS).toEqual(["https://a.kz", "https://b.kz"]);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DEMO_DATA", "yes"],
    ["MAX_BODY_BYTES", "-1"],
    ["ALLOWED_ORIGINS", "not a url"],
    ["SESSION_SECRET", "short"],
  ])("stops with a message naming %s when it is %j", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`^Invalid environment[\\s\\S]*${name}`));
  });
});
