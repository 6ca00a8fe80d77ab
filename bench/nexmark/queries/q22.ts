// q22 as a DataStream job: the first three directories of each bid's URL (reference q22.sql).

import type { Bid } from "../../../host/connectors/nexmark/index.js";
import type { Q22Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/** `SPLIT_INDEX(s, '/', i)`: the `i`-th piece of `s` split on every '/', empty pieces kept, NULL past the end. */
function splitIndex(parts: string[], index: number): string | null {
  return index < parts.length ? parts[index]! : null;
}

/** q22, URL directories: `SELECT auction, bidder, price, channel, SPLIT_INDEX(url, '/', 3|4|5) AS dir1|dir2|dir3 FROM bid`. */
export const q22: NexmarkJob<Q22Row> = nexmarkJob((events) =>
  bidsOf(events)
    .map((b: Bid): Q22Row => {
      const parts = b.url.split("/");
      return {
        auction: b.auction,
        bidder: b.bidder,
        price: b.price,
        channel: b.channel,
        dir1: splitIndex(parts, 3),
        dir2: splitIndex(parts, 4),
        dir3: splitIndex(parts, 5),
      };
    })
    .name("q22 Split URL"));
