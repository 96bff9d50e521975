import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { writeTransaction } from "../../app/db.server";
import { AUDIT_ACTIONS, listAudit, recordAudit } from "../../app/domain/identity/audit.server";
import { freshDatabase } from "../support/db";

describe("audit log (SEC-14)", () => {
  it("is append-only: UPDATE and DELETE are refused by the database", () => {
    const { db, sqlite } = freshDatabase();
    writeTransaction(db, (tx) => recordAudit(tx, { action: "signin", details: { phone: "+7 701 ••• •• 67" } }, new Date()));
    expect(() => sqlite.prepare("UPDATE audit_log SET action = 'nothing'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    expect(listAudit(db)).toMatchObject([{ action: "signin", details: { phone: "+7 701 ••• •• 67" } }]);
  });

  it("names every event in every language for the admin's page", () => {
    for (const language of ["kk", "ru", "en"]) {
      const events = (JSON.parse(fs.readFileSync(`locales/${language}/identity.json`, "utf8")) as { audit: { event: Record<string, string> } }).audit.event;
      expect(Object.keys(events).sort()).toEqual(AUDIT_ACTIONS.map((a) => a.replace(/\./g, "_")).sort());
    }
  });
});
