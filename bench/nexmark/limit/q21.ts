// q21 hand-written: channel id from the channel name or the URL's channel_id parameter (reference q21.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q21 output row: `auction, bidder, price, channel, channel_id`. */
export interface Q21Row {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  channel_id: string;
}

/**
 * `REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2)` without a regex: the value after the first
 * `channel_id=` that starts the string or follows `&`, up to the next `&`; `null` when there is none
 * (Flink returns NULL when the pattern does not match).
 */
export function extractChannelId(url: string): string | null {
  let from = 0;
  for (;;) {
    const at = url.indexOf("channel_id=", from);
    if (at < 0) return null;
    if (at === 0 || url.charCodeAt(at - 1) === 38 /* & */) {
      const start = at + 11;
      const end = url.indexOf("&", start);
      return end < 0 ? url.substring(start) : url.substring(start, end);
    }
    from = at + 1;
  }
}

const HOT_IDS: ReadonlyMap<string, string> = new Map([
  ["apple", "0"],
  ["google", "1"],
  ["facebook", "2"],
  ["baidu", "3"],
]);

/**
 * q21, add channel id: bids whose lower-cased channel is apple/google/facebook/baidu get `"0"`..`"3"`;
 * other bids get {@link extractChannelId} of their URL and are dropped when it is null. Append-only.
 */
export const q21: BaselineQuery<Q21Row> = {
  name: "q21",
  title: "Add channel id",
  output: { kind: "append" },
  create(emit) {
    /** Channel -> its CASE WHEN id ("0".."3") or null; memoised so `lower()` runs once per distinct channel. */
    const hotIds = new Map<string, string | null>();
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        let hot = hotIds.get(b.channel);
        if (hot === undefined) {
          hot = HOT_IDS.get(b.channel.toLowerCase()) ?? null;
          hotIds.set(b.channel, hot);
        }
        const channelId = hot ?? extractChannelId(b.url);
        if (channelId !== null) {
          emit({ auction: b.auction, bidder: b.bidder, price: b.price, channel: b.channel, channel_id: channelId });
        }
      },
      finish() {},
    };
  },
};
