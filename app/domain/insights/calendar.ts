/**
 * Days and months of the insights, in Kazakhstan's time (Asia/Almaty, UTC+5
 * since March 2024): a sale completed at 23:30 in the village counts on that
 * village's day, whatever the server's zone.
 */
export const INSIGHTS_TIME_ZONE = "Asia/Almaty";

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: INSIGHTS_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const partsFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: INSIGHTS_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const MONTH_PATTERN = /^\d{4}-\d{2}$/;

/** 'YYYY-MM-DD' of the instant in Almaty. */
export function almatyDay(at: Date): string {
  return dayFormat.format(at);
}

/** 'YYYY-MM' of the instant in Almaty. */
export function almatyMonth(at: Date): string {
  return almatyDay(at).slice(0, 7);
}

/** How far Almaty's wall clock is ahead of UTC at that instant, in milliseconds. */
function offsetMs(at: Date): number {
  const parts = Object.fromEntries(partsFormat.formatToParts(at).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant an Almaty day begins. */
export function almatyDayStart(day: string): Date {
  if (!DAY_PATTERN.test(day)) throw new Error(`not a day: ${day}`);
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even on a day whose offset changed overnight.
  let guess = wallMidnight - offsetMs(new Date(wallMidnight));
  guess = wallMidnight - offsetMs(new Date(guess));
  return new Date(guess);
}

/** The day after, as a string (calendar arithmetic, no zone involved). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The month `delta` months from `month` ('YYYY-MM'). */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + delta, 1)).toISOString().slice(0, 7);
}

/** The last day of a month ('YYYY-MM-DD'). */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Months from `first` to `last` inclusive, in order. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let month = first; month <= last && out.length < 1200; month = addMonths(month, 1)) out.push(month);
  return out;
}
