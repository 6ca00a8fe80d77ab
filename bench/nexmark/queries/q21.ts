// q21 as a DataStream job: channel id from the channel name or the URL's channel_id parameter (reference q21.sql).

import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q21Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** The reference's `REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2)` pattern. */
const CHANNEL_ID = /(&|^)channel_id=([^&]*)/;

/**
 * q21, add channel id: `CASE WHEN lower(channel) = 'apple' THEN '0' ... 'google' '1', 'facebook' '2',
 * 'baidu' '3' ELSE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2) END`, rows with a NULL channel id dropped.
 */
export const q21: NexmarkJob<Q21Row> = nexmarkJob((events) =>
  bidsOf(events)
    .flatMap<Q21Row>((b: Bid, out) => {
      let channelId: string | null;
      switch (b.channel.toLowerCase()) {
        case "apple":
          channelId = "0";
          break;
        case "google":
          channelId = "1";
          break;
        case "facebook":
          channelId = "2";
          break;
        case "baidu":
          channelId = "3";
          break;
        default:
          channelId = CHANNEL_ID.exec(b.url)?.[2] ?? null;
      }
      if (channelId !== null) out.collect({ auction: b.auction, bidder: b.bidder, price: b.price, channel: b.channel, channel_id: channelId });
    })
    .name("q21 Calc"));
