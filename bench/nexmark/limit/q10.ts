// q10 hand-written: every bid with its date and minute partition columns (reference q10.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";
import { TimeFormatter } from "./time-format.js";

/**
 * q10 output row: `SELECT auction, bidder, price, dateTime, extra, DATE_FORMAT(dateTime, 'yyyy-MM-dd'),
 * DATE_FORMAT(dateTime, 'HH:mm') FROM bid`, written by the reference to a file system sink
 * `PARTITIONED BY (dt, hm)`.
 */
export interface Q10Row {
  auction: number;
  bidder: number;
  price: number;
  dateTime: number;
  extra: string;
  dt: string;
  hm: string;
}

/** Partition directory of a q10 row, as Flink's file system sink names it: `dt=<dt>/hm=<hm>`. */
export function q10Partition(row: Q10Row): string {
  return "dt=" + row.dt + "/hm=" + row.hm;
}

/**
 * The CSV line the reference's sink writes for a row (partition columns excluded, as Flink's file system
 * sink drops them from the data; timestamps as `yyyy-MM-dd HH:mm:ss.SSS` without a zone).
 */
export function q10CsvLine(row: Q10Row): string {
  const iso = new Date(row.dateTime).toISOString(); // yyyy-MM-ddTHH:mm:ss.SSSZ
  return row.auction + "," + row.bidder + "," + row.price + "," + iso.slice(0, 10) + " " + iso.slice(11, 23) + "," + row.extra;
}

/**
 * q10, log to file system: one row per bid with its UTC day and `HH:mm` minute (the partition keys).
 * Append-only; the harness decides whether to write the rows ({@link q10CsvLine}) under
 * {@link q10Partition} directories.
 */
export const q10: BaselineQuery<Q10Row> = {
  name: "q10",
  title: "Log to file system",
  output: { kind: "append" },
  create(emit) {
    const time = new TimeFormatter();
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        emit({
          auction: b.auction,
          bidder: b.bidder,
          price: b.price,
          dateTime: b.dateTime,
          extra: b.extra,
          dt: time.date(b.dateTime),
          hm: time.hourMinute(b.dateTime),
        });
      },
      finish() {},
    };
  },
};
