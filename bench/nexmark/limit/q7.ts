// q7 hand-written: highest bid per 10 s tumbling window, joined back to the bids (reference q7.sql).

import type { Bid, Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";
import { WatermarkTracker, windowStart } from "./watermark.js";

/** q7 output row: `SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra`. */
export interface Q7Row {
  auction: number;
  bidder: number;
  price: number;
  dateTime: number;
  extra: string;
}

/** q7's tumbling window size, 10 s. */
export const Q7_SIZE_MS = 10_000;

interface OpenWindow {
  max: number;
  /** Bids in the window priced `max`. */
  top: Bid[];
  /** Bids at exactly the window's end (they belong to the next window) priced at least `max`. */
  edge: Bid[];
}

function row(b: Bid): Q7Row {
  return { auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra };
}

/**
 * q7, highest bid: `MAX(price)` per `TUMBLE(bid, dateTime, 10 s)` window, emitted with `dateTime =
 * window_end` when the watermark passes the window, then joined (a regular join on `price = maxprice`)
 * with every bid having `window_end - 10 s <= dateTime <= window_end`. Both bounds are inclusive, so a bid
 * at exactly `window_end`, which belongs to the next window, also matches. Append-only; final result:
 * for every window that received a bid, the bids of `[start, end]` priced at its maximum.
 *
 * The maximum only counts bids the watermark has not passed; the join still sees late bids, as Flink's
 * regular join does (they are matched against already fired windows on arrival).
 */
export const q7: BaselineQuery<Q7Row> = {
  name: "q7",
  title: "Highest bid",
  output: { kind: "append" },
  create(emit, options) {
    const watermark = new WatermarkTracker(options.outOfOrdernessMs);
    /** Window start -> state of a window not yet fired. */
    const open = new Map<number, OpenWindow>();
    /** Window end -> maximum of a fired window. */
    const fired = new Map<number, number>();
    /** Smallest `end - 1` over open windows. */
    let nextFire = Infinity;

    const openWindow = (start: number): OpenWindow => {
      let w = open.get(start);
      if (w === undefined) {
        w = { max: -1, top: [], edge: [] };
        open.set(start, w);
        if (start + Q7_SIZE_MS - 1 < nextFire) nextFire = start + Q7_SIZE_MS - 1;
      }
      return w;
    };

    const advance = (): void => {
      const wm = watermark.current;
      if (nextFire > wm) return;
      nextFire = Infinity;
      const starts = [...open.keys()].sort((a, b) => a - b);
      for (const start of starts) {
        const end = start + Q7_SIZE_MS;
        if (end - 1 > wm) {
          if (end - 1 < nextFire) nextFire = end - 1;
          continue;
        }
        const w = open.get(start)!;
        open.delete(start);
        if (w.max < 0) continue; // only edge bids, no bid of its own: the window never fires
        fired.set(end, w.max);
        for (const b of w.top) emit(row(b));
        for (const b of w.edge) if (b.price === w.max) emit(row(b));
      }
    };

    return {
      process(event: Event) {
        if (event.type !== 2) {
          watermark.observe(event.type === 0 ? event.person.dateTime : event.auction.dateTime);
          advance();
          return;
        }
        const b = event.bid;
        const ts = b.dateTime;
        watermark.observe(ts);
        const wm = watermark.current;
        const start = windowStart(ts, Q7_SIZE_MS);
        // The bid's own window [start, start + size].
        if (start + Q7_SIZE_MS - 1 > wm) {
          const w = openWindow(start);
          if (b.price > w.max) {
            w.max = b.price;
            w.top = [b];
            if (w.edge.length > 0) w.edge = w.edge.filter((e) => e.price >= b.price);
          } else if (b.price === w.max) {
            w.top.push(b);
          }
        } else if (fired.get(start + Q7_SIZE_MS) === b.price) {
          emit(row(b));
        }
        // The previous window, whose closed range ends at exactly this bid's time.
        if (ts === start) {
          const previous = start - Q7_SIZE_MS;
          const max = fired.get(start);
          if (max !== undefined) {
            if (max === b.price) emit(row(b));
          } else if (start - 1 > wm) {
            const w = openWindow(previous);
            if (b.price >= w.max) w.edge.push(b);
          }
        }
        advance();
      },
      finish() {
        watermark.end();
        advance();
      },
    };
  },
};
