// q13 as a DataStream job: bids joined with a bounded side input by auction id modulo 10 000 (reference q13.sql).

import { type Collector, RichFlatMapFunction } from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import { defaultSideInput, type Q13Row } from "../limit/index.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/**
 * The lookup join of q13: the bounded side input is loaded once per parallel instance in `open()` (the
 * reference reads it from a file into its lookup table), then each bid is enriched with the value of key
 * `auction % 10000`; bids without a side input row are dropped (inner join).
 */
class SideInputJoin extends RichFlatMapFunction<Bid, Q13Row> {
  private side: ReadonlyMap<number, string> = new Map();
  constructor(private readonly load: () => ReadonlyMap<number, string>) {
    super();
  }
  override open(): void {
    this.side = this.load();
  }
  flatMap(b: Bid, out: Collector<Q13Row>): void {
    const value = this.side.get(b.auction % 10000);
    if (value !== undefined) out.collect({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, value });
  }
}

/** q13, bounded side input join: `bid B JOIN side_input FOR SYSTEM_TIME AS OF B.p_time S ON mod(B.auction, 10000) = S.key`. */
export const q13: NexmarkJob<Q13Row> = nexmarkJob((events, options) => {
  const given = options.sideInput;
  return bidsOf(events)
    .flatMap(new SideInputJoin(() => given ?? defaultSideInput()))
    .name("q13 Side Input Join");
});
