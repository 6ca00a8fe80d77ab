// q16 hand-written: channel statistics per channel and day with distinct counts (reference q16.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import { BidStatistics, type BidStatisticsColumns } from "./bid-statistics.js";
import type { BaselineQuery } from "./query.js";
import { TimeFormatter } from "./time-format.js";

/** q16 output row: `channel, day, minute` then the twelve statistics columns. */
export interface Q16Row extends BidStatisticsColumns {
  channel: string;
  day: string;
  minute: string;
}

interface ChannelDay {
  readonly stats: BidStatistics;
  minute: string;
}

/**
 * q16, channel statistics: q15's statistics `GROUP BY channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd')`, plus
 * `max(DATE_FORMAT(dateTime, 'HH:mm'))` (the latest minute, compared as strings). Upsert by
 * (channel, day), one row per bid; final result: one row per channel and day.
 */
export const q16: BaselineQuery<Q16Row> = {
  name: "q16",
  title: "Channel statistics report",
  output: { kind: "upsert", key: (row) => row.channel + "\u0000" + row.day },
  create(emit) {
    const time = new TimeFormatter();
    const days = new Map<string, Map<string, ChannelDay>>();
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        const day = time.date(b.dateTime);
        const minute = time.hourMinute(b.dateTime);
        let channels = days.get(day);
        if (channels === undefined) {
          channels = new Map();
          days.set(day, channels);
        }
        let group = channels.get(b.channel);
        if (group === undefined) {
          group = { stats: new BidStatistics(), minute };
          channels.set(b.channel, group);
        } else if (minute > group.minute) {
          group.minute = minute;
        }
        group.stats.add(b);
        const row = group.stats.columns() as Q16Row;
        row.channel = b.channel;
        row.day = day;
        row.minute = group.minute;
        emit(row);
      },
      finish() {},
    };
  },
};
