// UTC calendar formatting for the queries' DATE_FORMAT and HOUR: 'yyyy-MM-dd', 'HH:mm', hour of day.

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/**
 * `yyyy-MM-dd` of day number `days` since 1970-01-01 (proleptic Gregorian), by the civil-from-days
 * arithmetic on 400-year eras (146 097 days each).
 */
export function civilDate(days: number): string {
  const z = days + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const y = year < 0 ? "-" + String(-year).padStart(4, "0") : String(year).padStart(4, "0");
  return y + "-" + pad2(month) + "-" + pad2(day);
}

/**
 * Formats epoch milliseconds as Flink's `DATE_FORMAT(ts, 'yyyy-MM-dd')` and `DATE_FORMAT(ts, 'HH:mm')`
 * and `HOUR(ts)` do for the generator's `TIMESTAMP(3)` values (UTC wall-clock fields). Caches the current
 * day and minute, so a stream in time order allocates a string per day and per minute, not per event.
 *
 * @example
 * ```ts
 * import { TimeFormatter } from "./time-format.js";
 * const f = new TimeFormatter();
 * f.date(Date.UTC(2015, 6, 15, 13, 5)); // "2015-07-15"
 * f.hourMinute(Date.UTC(2015, 6, 15, 13, 5)); // "13:05"
 * ```
 */
export class TimeFormatter {
  private dayStart = NaN;
  private dayString = "";
  private minuteStart = NaN;
  private minuteString = "";

  /** `yyyy-MM-dd`. */
  date(ts: number): string {
    if (!(ts >= this.dayStart && ts < this.dayStart + MS_PER_DAY)) {
      const days = Math.floor(ts / MS_PER_DAY);
      this.dayStart = days * MS_PER_DAY;
      this.dayString = civilDate(days);
    }
    return this.dayString;
  }

  /** `HH:mm`. */
  hourMinute(ts: number): string {
    if (!(ts >= this.minuteStart && ts < this.minuteStart + MS_PER_MINUTE)) {
      this.minuteStart = Math.floor(ts / MS_PER_MINUTE) * MS_PER_MINUTE;
      const ofDay = this.minuteStart - Math.floor(this.minuteStart / MS_PER_DAY) * MS_PER_DAY;
      this.minuteString = pad2(Math.floor(ofDay / MS_PER_HOUR)) + ":" + pad2(Math.floor((ofDay % MS_PER_HOUR) / MS_PER_MINUTE));
    }
    return this.minuteString;
  }
}

/** `HOUR(ts)`: the UTC hour of day, 0..23. */
export function hourOfDay(ts: number): number {
  return Math.floor((ts - Math.floor(ts / MS_PER_DAY) * MS_PER_DAY) / MS_PER_HOUR);
}
