// q4 hand-written: average closing price per category (reference q4.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import { SweepSchedule } from "./auction-cleanup.js";
import type { BaselineQuery } from "./query.js";
import { WatermarkTracker } from "./watermark.js";

/** q4 output row: `SELECT Q.category AS id, AVG(Q.final) AS final`. */
export interface Q4Row {
  id: number;
  final: number;
}

interface OpenAuction {
  readonly dateTime: number;
  readonly expires: number;
  readonly category: number;
  /** Highest matching bid so far; -1 before the first. */
  max: number;
}

interface CategoryAverage {
  sum: number;
  count: number;
  /** Last emitted average; NaN before the first emission. */
  emitted: number;
}

/**
 * q4, average price per category: for each auction, `final = MAX(price)` over its bids with
 * `A.dateTime <= B.dateTime <= A.expires`; then per category `AVG(final)` over auctions with at least one
 * such bid, a BIGINT average truncated toward zero as Flink's AVG on BIGINT. Upsert by category; a row is
 * emitted when a category's average changes. Final result: one row per category.
 *
 * State: auctions until the watermark passes their expiry, bids that arrive before their auction until the
 * watermark passes their time (see `SweepSchedule`). Assumes unique auction ids.
 */
export const q4: BaselineQuery<Q4Row> = {
  name: "q4",
  title: "Average price for a category",
  output: { kind: "upsert", key: (row) => String(row.id) },
  create(emit, options) {
    const watermark = new WatermarkTracker(options.outOfOrdernessMs);
    const sweeps = new SweepSchedule(1000);
    const auctions = new Map<number, OpenAuction>();
    /** Auction id -> waiting bids as flat (price, dateTime) pairs. */
    const waiting = new Map<number, number[]>();
    const categories = new Map<number, CategoryAverage>();

    const apply = (a: OpenAuction, price: number, dateTime: number): void => {
      if (dateTime < a.dateTime || dateTime > a.expires || price <= a.max) return;
      let c = categories.get(a.category);
      if (c === undefined) {
        c = { sum: 0, count: 0, emitted: NaN };
        categories.set(a.category, c);
      }
      if (a.max < 0) {
        c.count++;
        c.sum += price;
      } else {
        c.sum += price - a.max;
      }
      a.max = price;
      const average = Math.trunc(c.sum / c.count);
      if (average !== c.emitted) {
        c.emitted = average;
        emit({ id: a.category, final: average });
      }
    };

    const sweep = (wm: number): void => {
      for (const [id, a] of auctions) if (a.expires < wm) auctions.delete(id);
      for (const [id, pairs] of waiting) {
        let newest = -Infinity;
        for (let i = 1; i < pairs.length; i += 2) newest = Math.max(newest, pairs[i]!);
        if (newest < wm) waiting.delete(id);
      }
    };

    return {
      process(event: Event) {
        if (event.type === 2) {
          const b = event.bid;
          watermark.observe(b.dateTime);
          const a = auctions.get(b.auction);
          if (a !== undefined) apply(a, b.price, b.dateTime);
          else {
            const pairs = waiting.get(b.auction);
            if (pairs === undefined) waiting.set(b.auction, [b.price, b.dateTime]);
            else pairs.push(b.price, b.dateTime);
          }
        } else if (event.type === 1) {
          const x = event.auction;
          watermark.observe(x.dateTime);
          const a: OpenAuction = { dateTime: x.dateTime, expires: x.expires, category: x.category, max: -1 };
          auctions.set(x.id, a);
          const pairs = waiting.get(x.id);
          if (pairs !== undefined) {
            waiting.delete(x.id);
            for (let i = 0; i < pairs.length; i += 2) apply(a, pairs[i]!, pairs[i + 1]!);
          }
        } else {
          watermark.observe(event.person.dateTime);
        }
        if (sweeps.due(watermark.current)) sweep(watermark.current);
      },
      finish() {},
    };
  },
};
