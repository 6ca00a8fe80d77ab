// The Nexmark input of every DataStream job: the generator source with the reference DDL's watermark.

import { type DataStream, type StreamExecutionEnvironment, WatermarkStrategy } from "../../../host/index.js";
import {
  NexmarkSource,
  type Auction,
  type Bid,
  type Event,
  type NexmarkSourceOptions,
  type Person,
} from "../../../host/connectors/nexmark/index.js";

/** Options of the DataStream jobs: the generator's configuration plus the few query parameters. */
export interface NexmarkJobOptions extends NexmarkSourceOptions {
  /** Bounded out-of-orderness of the watermark, ms (default 4000, the reference DDL's `dateTime - INTERVAL '4' SECOND`). */
  readonly outOfOrdernessMs?: number;
  /** q13's side input, key -> value (default: the reference's file, keys 0..9999 with their decimal string). */
  readonly sideInput?: ReadonlyMap<number, string>;
}

/** A query over a stream of Nexmark events: the part of a job after its source. */
export type NexmarkQuery<R> = (events: DataStream<Event>, options: NexmarkJobOptions) => DataStream<R>;

/**
 * A DataStream job for one query: `job(env, options)` adds the Nexmark source and the query to `env` and
 * returns the stream of result rows; `job.query` is the query alone, for events from another source.
 */
export interface NexmarkJob<R> {
  (env: StreamExecutionEnvironment, options: NexmarkJobOptions): DataStream<R>;
  readonly query: NexmarkQuery<R>;
}

/**
 * Makes a job of a query: the query over {@link nexmarkEvents}.
 *
 * @example
 * ```ts
 * import { StreamExecutionEnvironment } from "../../../host/index.js";
 * import { bidsOf, nexmarkJob } from "./source.js";
 * const prices = nexmarkJob((events) => bidsOf(events).map((b) => b.price));
 * prices(StreamExecutionEnvironment.getExecutionEnvironment(), { maxEvents: 1000 }).print();
 * ```
 */
export function nexmarkJob<R>(query: NexmarkQuery<R>): NexmarkJob<R> {
  const job = (env: StreamExecutionEnvironment, options: NexmarkJobOptions): DataStream<R> => query(nexmarkEvents(env, options), options);
  return Object.assign(job, { query });
}

/** Default watermark bound of the jobs (the reference DDL's 4 s). */
export const OUT_OF_ORDERNESS_MS = 4000;

/**
 * Every generated event, from a `NexmarkSource` at the environment's parallelism (so `numEventGenerators`
 * is the parallelism, as the reference), with the reference DDL's watermark: bounded out-of-orderness
 * 4 s over every event kind. The source stamps each record with its event time, so the strategy needs no
 * timestamp assigner.
 *
 * @example
 * ```ts
 * import { StreamExecutionEnvironment } from "../../../host/index.js";
 * import { nexmarkEvents } from "./source.js";
 * const env = StreamExecutionEnvironment.getExecutionEnvironment();
 * nexmarkEvents(env, { maxEvents: 1000 }).print();
 * ```
 */
export function nexmarkEvents(env: StreamExecutionEnvironment, options: NexmarkJobOptions): DataStream<Event> {
  const { outOfOrdernessMs = OUT_OF_ORDERNESS_MS, sideInput: _sideInput, ...config } = options;
  return env.fromSource(new NexmarkSource(config), WatermarkStrategy.forBoundedOutOfOrderness<Event>(outOfOrdernessMs), "Nexmark Source");
}

/** The auctions of a stream of events (the reference's `auction` view). */
export function auctionsOf(events: DataStream<Event>): DataStream<Auction> {
  return events
    .flatMap<Auction>((e: Event, out) => {
      if (e.type === 1) out.collect(e.auction);
    })
    .name("Auctions");
}

/** The persons of a stream of events (the reference's `person` view). */
export function personsOf(events: DataStream<Event>): DataStream<Person> {
  return events
    .flatMap<Person>((e: Event, out) => {
      if (e.type === 0) out.collect(e.person);
    })
    .name("Persons");
}

/** The bids of a stream of events. */
export function bidsOf(events: DataStream<Event>): DataStream<Bid> {
  return events
    .flatMap<Bid>((e: Event, out) => {
      if (e.type === 2) out.collect(e.bid);
    })
    .name("Bids");
}
