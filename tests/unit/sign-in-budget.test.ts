import { describe, expect, it } from "vitest";
import { checkChallenge, issueChallenge } from "../../app/domain/identity/challenge.server";
import { budgetShares, CHALLENGE_TTL_MS, DEFAULT_SEND_LIMITS, sendVerdict, signInStage } from "../../app/domain/identity/rules";

/** SEC-06 and issue 13 §1: the hour's budget shared so that a flood cannot spend it all. */
const limits = DEFAULT_SEND_LIMITS; // 500 an hour, 20 per address
const shares = budgetShares(limits);
const zero = { phone15Min: 0, phoneDay: 0, ipHour: 0, globalHour: 0, unknownHour: 0 };
const newcomer = { knownPhone: false, challenged: false };
const member = { knownPhone: true, challenged: false };

describe("the send verdict", () => {
  it("splits 500 codes an hour into a question from 125, 300 free for new numbers, 400 with the overflow", () => {
    expect(shares).toEqual({ challengeFrom: 125, open: 300, overflow: 400, total: 500 });
    expect(budgetShares({ ...limits, globalHour: 2 })).toEqual({ challengeFrom: 1, open: 1, overflow: 1, total: 2 });
  });

  it("sends while calm, with no question", () => {
    expect(sendVerdict(zero, newcomer, limits)).toEqual({ ok: true });
    expect(sendVerdict({ ...zero, globalHour: 124, unknownHour: 124 }, newcomer, limits)).toEqual({ ok: true });
  });

  it("keeps the per-phone and per-address limits first, before any question", () => {
    const strained = { ...zero, globalHour: 200, unknownHour: 200 };
    expect(sendVerdict({ ...strained, phone15Min: 3 }, member, limits)).toEqual({ ok: false, limit: "phone" });
    expect(sendVerdict({ ...strained, phoneDay: 10 }, newcomer, limits)).toEqual({ ok: false, limit: "phone" });
    expect(sendVerdict({ ...strained, ipHour: 20 }, { ...member, challenged: true }, limits)).toEqual({ ok: false, limit: "ip" });
  });

  it("asks everyone the question from a quarter of the budget, account or not (SEC-06)", () => {
    const strained = { ...zero, globalHour: 125, unknownHour: 125 };
    expect(sendVerdict(strained, newcomer, limits)).toEqual({ ok: false, challenge: true });
    expect(sendVerdict(strained, member, limits)).toEqual({ ok: false, challenge: true });
    expect(sendVerdict(strained, { ...newcomer, challenged: true }, limits)).toEqual({ ok: true });
  });

  it("after the open share, sends to a new number only from an address with fewer than 2 codes this hour", () => {
    const spent = { ...zero, globalHour: 300, unknownHour: 300 };
    expect(sendVerdict({ ...spent, ipHour: 1 }, { ...newcomer, challenged: true }, limits)).toEqual({ ok: true });
    expect(sendVerdict({ ...spent, ipHour: 2 }, { ...newcomer, challenged: true }, limits)).toEqual({ ok: false, limit: "ip" });
  });

  it("stops new numbers at 400 but keeps the last 100 for people with an account", () => {
    const flooded = { ...zero, globalHour: 400, unknownHour: 400 };
    expect(sendVerdict(flooded, { ...newcomer, challenged: true }, limits)).toEqual({ ok: false, limit: "global" });
    expect(sendVerdict({ ...flooded, ipHour: 19 }, { ...member, challenged: true }, limits)).toEqual({ ok: true });
    expect(sendVerdict({ ...flooded, globalHour: 499 }, { ...member, challenged: true }, limits)).toEqual({ ok: true });
    expect(sendVerdict({ ...flooded, globalHour: 500 }, { ...member, challenged: true }, limits)).toEqual({ ok: false, limit: "global" });
  });

  it("names the stage for the admins' notice", () => {
    expect(signInStage({ globalHour: 124, unknownHour: 0 }, limits)).toBe("calm");
    expect(signInStage({ globalHour: 125, unknownHour: 0 }, limits)).toBe("challenge");
    expect(signInStage({ globalHour: 300, unknownHour: 300 }, limits)).toBe("overflow");
    expect(signInStage({ globalHour: 400, unknownHour: 400 }, limits)).toBe("new_numbers_paused");
    expect(signInStage({ globalHour: 500, unknownHour: 10 }, limits)).toBe("new_numbers_paused");
  });
});

describe("the check question", () => {
  const secret = "a".repeat(43);
  const now = new Date("2026-03-01T10:00:00Z");

  it("accepts its own digits, with spaces, before it expires", () => {
    const challenge = issueChallenge(secret, now);
    expect(challenge.digits).toMatch(/^\d{4}$/);
    const spaced = challenge.digits.split("").join(" ");
    expect(checkChallenge(secret, { token: challenge.token, typed: spaced }, new Date(now.getTime() + CHALLENGE_TTL_MS - 1))).toMatchObject({ ok: true });
  });

  it("refuses other digits, an expired or altered token, and another secret's token", () => {
    const challenge = issueChallenge(secret, now);
    const other = challenge.digits === "0000" ? "0001" : "0000";
    const wrong = { ok: false, reason: "identity.challenge_wrong" };
    expect(checkChallenge(secret, { token: challenge.token, typed: other }, now)).toEqual(wrong);
    expect(checkChallenge(secret, { token: challenge.token, typed: challenge.digits }, new Date(now.getTime() + CHALLENGE_TTL_MS))).toEqual(wrong);
    const [id, expiresAt, signature] = challenge.token.split(".");
    const later = `${id}.${Number(expiresAt) + 3_600_000}.${signature}`;
    expect(checkChallenge(secret, { token: later, typed: challenge.digits }, now)).toEqual(wrong);
    expect(checkChallenge("b".repeat(43), { token: challenge.token, typed: challenge.digits }, now)).toEqual(wrong);
    expect(checkChallenge(secret, { token: "", typed: challenge.digits }, now)).toEqual(wrong);
  });

  it("gives each question its own id", () => {
    const ids = new Set(Array.from({ length: 50 }, () => issueChallenge(secret, now).token.split(".")[0]));
    expect(ids.size).toBe(50);
  });
});
