// q8 without the window API: new users per tumbling window, from a keyed co-process function and timers.

import {
  type Collector,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  type KeyedProcessContext,
  type MapState,
  MapStateDescriptor,
} from "../../../../host/index.js";
import type { Auction, Person } from "../../../../host/connectors/nexmark/index.js";
import type { Q8Row } from "../../limit/index.js";
import { auctionsOf, nexmarkJob, personsOf, type NexmarkJob } from "../source.js";
import { windowStartOf } from "./window-start.js";

/** q8's tumbling window, 10 s. */
const SIZE_MS = 10_000;

/**
 * Per person id (= seller id): the distinct names the person was created with in each window, and the
 * windows in which they sold something, both in map state keyed by window start. A timer at the window's
 * `end - 1` joins them (`P.id = A.seller AND P.starttime = A.starttime`) and drops the window. Records the
 * watermark has passed the window of are dropped, as the window operator does.
 */
class NewUsers extends KeyedCoProcessFunction<number, Person, Auction, Q8Row> {
  private names!: MapState<number, string[]>;
  private sold!: MapState<number, boolean>;

  override open(): void {
    const ctx = this.getRuntimeContext();
    this.names = ctx.getMapState(new MapStateDescriptor<number, string[]>("names-per-window"));
    this.sold = ctx.getMapState(new MapStateDescriptor<number, boolean>("sold-in-window"));
  }

  /** The window start of `ts`, registering its timer; NaN when the window is late. */
  private window(ts: number, ctx: KeyedProcessContext<number>): number {
    const start = windowStartOf(ts, SIZE_MS);
    const timers = ctx.timerService();
    if (start + SIZE_MS - 1 <= timers.currentWatermark()) return NaN;
    timers.registerEventTimeTimer(start + SIZE_MS - 1);
    return start;
  }

  processElement1(p: Person, ctx: KeyedProcessContext<number>): void {
    const start = this.window(p.dateTime, ctx);
    if (Number.isNaN(start)) return;
    const names = this.names.get(start);
    if (names === null) this.names.put(start, [p.name]);
    else if (!names.includes(p.name)) {
      names.push(p.name);
      this.names.put(start, names);
    }
  }

  processElement2(a: Auction, ctx: KeyedProcessContext<number>): void {
    const start = this.window(a.dateTime, ctx);
    if (!Number.isNaN(start)) this.sold.put(start, true);
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<Q8Row>): void {
    const start = timestamp + 1 - SIZE_MS;
    const names = this.names.get(start);
    if (names !== null && this.sold.contains(start)) {
      for (const name of names) out.collect({ id: ctx.getCurrentKey(), name, stime: start });
    }
    this.names.remove(start);
    this.sold.remove(start);
  }
}

/**
 * q8, monitor new users: persons and the sellers of auctions, each deduplicated per `TUMBLE(dateTime, 10 s)`
 * window, joined on id and window. Written with a keyed co-process function and event-time timers.
 */
export const q8Timers: NexmarkJob<Q8Row> = nexmarkJob((events) => {
  return personsOf(events)
    .connect(auctionsOf(events))
    .keyBy((p: Person) => p.id, (a: Auction) => a.seller)
    .process(new NewUsers())
    .name("q8 Window Join");
});
