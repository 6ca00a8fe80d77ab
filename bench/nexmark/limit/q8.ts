// q8 hand-written: new users who opened an auction in the same 10 s tumbling window (reference q8.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";
import { WatermarkTracker, windowStart } from "./watermark.js";

/** q8 output row: `SELECT P.id, P.name, P.starttime AS stime`. */
export interface Q8Row {
  id: number;
  name: string;
  stime: number;
}

/** q8's tumbling window size, 10 s. */
export const Q8_SIZE_MS = 10_000;

interface OpenWindow {
  /** Person id -> distinct names seen with it in the window. */
  readonly people: Map<number, string[]>;
  /** Sellers of auctions in the window. */
  readonly sellers: Set<number>;
}

/**
 * q8, monitor new users: per `TUMBLE(.., dateTime, 10 s)` window, the distinct `(id, name)` of persons
 * and the distinct sellers of auctions, joined on `id = seller` and equal windows. Append-only; final
 * result: one row `(id, name, window_start)` per person created in a window in which they also opened an
 * auction, emitted when the watermark passes the window's end (or at end of input). Records the
 * watermark has passed the window of are dropped from it.
 */
export const q8: BaselineQuery<Q8Row> = {
  name: "q8",
  title: "Monitor new users",
  output: { kind: "append" },
  create(emit, options) {
    const watermark = new WatermarkTracker(options.outOfOrdernessMs);
    const open = new Map<number, OpenWindow>();
    let nextFire = Infinity;

    const windowFor = (ts: number): OpenWindow | undefined => {
      const start = windowStart(ts, Q8_SIZE_MS);
      if (start + Q8_SIZE_MS - 1 <= watermark.current) return undefined; // late
      let w = open.get(start);
      if (w === undefined) {
        w = { people: new Map(), sellers: new Set() };
        open.set(start, w);
        if (start + Q8_SIZE_MS - 1 < nextFire) nextFire = start + Q8_SIZE_MS - 1;
      }
      return w;
    };

    const advance = (): void => {
      const wm = watermark.current;
      if (nextFire > wm) return;
      nextFire = Infinity;
      for (const [start, w] of open) {
        if (start + Q8_SIZE_MS - 1 > wm) {
          if (start + Q8_SIZE_MS - 1 < nextFire) nextFire = start + Q8_SIZE_MS - 1;
          continue;
        }
        open.delete(start);
        for (const [id, names] of w.people) {
          if (w.sellers.has(id)) for (const name of names) emit({ id, name, stime: start });
        }
      }
    };

    return {
      process(event: Event) {
        if (event.type === 0) {
          const p = event.person;
          watermark.observe(p.dateTime);
          const w = windowFor(p.dateTime);
          if (w !== undefined) {
            const names = w.people.get(p.id);
            if (names === undefined) w.people.set(p.id, [p.name]);
            else if (!names.includes(p.name)) names.push(p.name);
          }
        } else if (event.type === 1) {
          const a = event.auction;
          watermark.observe(a.dateTime);
          windowFor(a.dateTime)?.sellers.add(a.seller);
        } else {
          watermark.observe(event.bid.dateTime);
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
