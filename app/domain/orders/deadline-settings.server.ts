/** The deadline lengths this server runs with: DESIGN §3's defaults and the settings of issue 14. */
import { getEnv } from "../../env.server";
import { DAY_MS, DEFAULT_DEADLINES, type Deadlines } from "./deadlines";

export function deadlineSettings(): Deadlines {
  const env = getEnv();
  return {
    ...DEFAULT_DEADLINES,
    madeToOrderMarginMs: env.MADE_TO_ORDER_MARGIN_DAYS * DAY_MS,
    sendMs: env.HUB_SEND_DAYS * DAY_MS,
    transitMs: env.TRANSIT_DAYS * DAY_MS,
    reminderMs: env.REMINDER_HOURS * 3_600_000,
  };
}
