/** The periods an insights screen offers: the last 3, 6 or 12 months, the current one included (6 unless asked). */
export const PERIOD_MONTHS = [3, 6, 12] as const;
export type PeriodMonths = (typeof PERIOD_MONTHS)[number];

export function parsePeriod(value: string | null): PeriodMonths {
  const n = Number(value);
  return (PERIOD_MONTHS as readonly number[]).includes(n) ? (n as PeriodMonths) : 6;
}
