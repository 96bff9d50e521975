import { devSmsInbox } from "../../../db/schema";
import type { Db } from "../../db.server";
import type { SmsSender } from "./sms";

/**
 * The development adapter, on whenever no gateway is configured: "delivers"
 * a message by storing it where /dev/sms lists it, so a newcomer can sign in
 * on their own machine with no SMS contract.
 */
export function createOutboxSender(getDb: () => Db, now: () => Date = () => new Date()): SmsSender {
  return {
    name: "outbox",
    async send(message) {
      getDb()
        .insert(devSmsInbox)
        .values({ idempotencyKey: message.idempotencyKey, recipient: message.to, body: message.text, deliveredAt: now() })
        .onConflictDoNothing()
        .run();
      return { ok: true };
    },
  };
}
