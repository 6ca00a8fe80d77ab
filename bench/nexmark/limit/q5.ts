// q5 hand-written: hot items, auctions with the most bids per 10 s window sliding by 2 s (reference q5.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";
import { WatermarkTracker, windowStart } from "./watermark.js";

/** q5 output row: `SELECT AuctionBids.auction, AuctionBids.num`. */
export interface Q5Row {
  auction: number;
  num: number;
}

/** q5's HOP window size, 10 s. */
export const Q5_SIZE_MS = 10_000;
/** q5's HOP slide, 2 s. */
export const Q5_SLIDE_MS = 2_000;

/**
 * q5, hot items: for every `HOP(bid, dateTime, 2 s, 10 s)` window `[s, s + 10 s)` (`s` a multiple of 2 s),
 * `count(*)` per auction, and the auctions whose count equals the window's maximum (ties all kept; the
 * reference joins counts with `num >= maxn`). Append-only; final result: for every window that received a
 * bid, one row per top auction, emitted when the watermark passes the window's end (or at end of input).
 *
 * Counts are kept per 2 s pane and summed over a window's five panes when it fires. A bid is counted in
 * each of its windows that the watermark has not passed (Flink's per-window lateness, allowed lateness 0).
 */
export const q5: BaselineQuery<Q5Row> = {
  name: "q5",
  title: "Hot items",
  output: { kind: "append" },
  create(emit, options) {
    const watermark = new WatermarkTracker(options.outOfOrdernessMs);
    /** Pane start -> auction -> bids in `[start, start + slide)`. */
    const panes = new Map<number, Map<number, number>>();
    /** Start of the earliest window not yet fired that may hold data. */
    let nextWindow = Infinity;
    const panesPerWindow = Q5_SIZE_MS / Q5_SLIDE_MS;

    const fire = (start: number): void => {
      const counts = new Map<number, number>();
      for (let i = 0; i < panesPerWindow; i++) {
        const pane = panes.get(start + i * Q5_SLIDE_MS);
        if (pane === undefined) continue;
        for (const [auction, n] of pane) counts.set(auction, (counts.get(auction) ?? 0) + n);
      }
      panes.delete(start); // no later window holds this pane
      let max = 0;
      for (const n of counts.values()) if (n > max) max = n;
      if (max === 0) return;
      for (const [auction, n] of counts) if (n === max) emit({ auction, num: n });
    };

    const advance = (): void => {
      const wm = watermark.current;
      while (panes.size > 0 && nextWindow + Q5_SIZE_MS - 1 <= wm) {
        fire(nextWindow);
        nextWindow += Q5_SLIDE_MS;
      }
      if (panes.size === 0) nextWindow = Infinity;
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
        const pane = windowStart(ts, Q5_SLIDE_MS);
        // Earliest window holding the pane whose end the watermark has not passed.
        let first = pane - Q5_SIZE_MS + Q5_SLIDE_MS;
        while (first <= pane && first + Q5_SIZE_MS - 1 <= watermark.current) first += Q5_SLIDE_MS;
        if (first <= pane) {
          let counts = panes.get(pane);
          if (counts === undefined) {
            counts = new Map();
            panes.set(pane, counts);
          }
          counts.set(b.auction, (counts.get(b.auction) ?? 0) + 1);
          if (first < nextWindow) nextWindow = first;
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
