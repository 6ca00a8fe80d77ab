// q8 as a DataStream job: new users who opened an auction in the same 10 s tumbling window (reference q8.sql).

import { type Collector, getWindowStartWithOffset, TumblingEventTimeWindows } from "../../../host/index.js";
import type { Auction, Person } from "../../../host/connectors/nexmark/index.js";
import type { Q8Row } from "../limit/index.js";
import { auctionsOf, nexmarkJob, personsOf, type NexmarkJob } from "./source.js";

/** q8's tumbling window, 10 s. */
const SIZE_MS = 10_000;

/**
 * q8, monitor new users: persons (distinct `id, name` per window) and sellers (distinct per window) of each
 * `TUMBLE(dateTime, 10 s)` window joined on `P.id = A.seller` and the window: a window coGroup keyed by person
 * id / seller, emitting the person's distinct names when the seller sold something in the same window.
 */
export const q8: NexmarkJob<Q8Row> = nexmarkJob((events) =>
  personsOf(events)
    .coGroup(auctionsOf(events))
    .where((p: Person) => p.id)
    .equalTo((a: Auction) => a.seller)
    .window(TumblingEventTimeWindows.of(SIZE_MS))
    .apply((persons: Iterable<Person>, auctions: Iterable<Auction>, out: Collector<Q8Row>) => {
      if (auctions[Symbol.iterator]().next().done === true) return;
      const seen = new Set<string>();
      for (const p of persons) {
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        // The coGroup function does not see the window: a person's window is the one of its dateTime.
        out.collect({ id: p.id, name: p.name, stime: getWindowStartWithOffset(p.dateTime, 0, SIZE_MS) });
      }
    })
    .name("q8 Window Join"));
