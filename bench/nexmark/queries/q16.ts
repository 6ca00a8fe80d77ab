// q16 as a DataStream job: channel statistics per channel and day with distinct counts (reference q16.sql).

import {
  type Collector,
  KeyedProcessFunction,
  type MapState,
  MapStateDescriptor,
  type ValueState,
  ValueStateDescriptor,
} from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q16Row } from "../limit/index.js";
import { TimeFormatter } from "../limit/time-format.js";
import { addBid, statisticsColumns } from "./distinct-statistics.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

interface ChannelDay {
  readonly counts: number[];
  /** `max(DATE_FORMAT(dateTime, 'HH:mm'))`. */
  minute: string;
}

/** The unbounded group aggregate per (channel, day). */
class ChannelStatistics extends KeyedProcessFunction<string, Bid, Q16Row> {
  private readonly time = new TimeFormatter();
  private group!: ValueState<ChannelDay>;
  private bidders!: MapState<number, number>;
  private auctions!: MapState<number, number>;

  override open(): void {
    const ctx = this.getRuntimeContext();
    this.group = ctx.getState(new ValueStateDescriptor<ChannelDay>("channel-day"));
    this.bidders = ctx.getMapState(new MapStateDescriptor<number, number>("distinct-bidders"));
    this.auctions = ctx.getMapState(new MapStateDescriptor<number, number>("distinct-auctions"));
  }

  processElement(b: Bid, _ctx: unknown, out: Collector<Q16Row>): void {
    const minute = this.time.hourMinute(b.dateTime);
    let group = this.group.value();
    if (group === null) group = { counts: new Array<number>(12).fill(0), minute };
    else if (minute > group.minute) group.minute = minute;
    addBid(group.counts, this.bidders, this.auctions, b);
    this.group.update(group);
    const row = statisticsColumns(group.counts) as Q16Row;
    row.channel = b.channel;
    row.day = this.time.date(b.dateTime);
    row.minute = group.minute;
    out.collect(row);
  }
}

/**
 * q16, channel statistics report: q15's statistics `GROUP BY channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd')`
 * plus `max(DATE_FORMAT(dateTime, 'HH:mm'))`. Upsert by (channel, day), one row per bid.
 */
export const q16: NexmarkJob<Q16Row> = nexmarkJob((events) => {
  const time = new TimeFormatter();
  return bidsOf(events)
    .keyBy((b: Bid) => b.channel + "|" + time.date(b.dateTime))
    .process(new ChannelStatistics())
    .name("q16 Channel Statistics");
});
