// q10 as a DataStream job: every bid with its date and minute partition columns (reference q10.sql).

import type { DataStream, DataStreamSink } from "../../../host/index.js";
import type { Bid } from "../../../host/connectors/nexmark/index.js";
import { q10CsvLine, q10Partition, type Q10Row } from "../limit/index.js";
import { TimeFormatter } from "../limit/time-format.js";
import { PartitionedFileSink } from "./partitioned-file-sink.js";
import { bidsOf, nexmarkJob, type NexmarkJob } from "./source.js";

/**
 * q10, log to file system: `SELECT auction, bidder, price, dateTime, extra, DATE_FORMAT(dateTime,
 * 'yyyy-MM-dd'), DATE_FORMAT(dateTime, 'HH:mm') FROM bid`. The reference inserts the rows into a file
 * system table `PARTITIONED BY (dt, hm)`; attach that sink with {@link writeQ10}.
 */
export const q10: NexmarkJob<Q10Row> = nexmarkJob((events) => {
  const time = new TimeFormatter();
  return bidsOf(events)
    .map(
      (b: Bid): Q10Row => ({
        auction: b.auction,
        bidder: b.bidder,
        price: b.price,
        dateTime: b.dateTime,
        extra: b.extra,
        dt: time.date(b.dateTime),
        hm: time.hourMinute(b.dateTime),
      }),
    )
    .name("q10 Calc");
});

/** q10's sink: CSV lines (partition columns dropped) under `<dir>/dt=<dt>/hm=<hm>/part-<subtask>-0.csv`. */
export function writeQ10(rows: DataStream<Q10Row>, dir: string): DataStreamSink<Q10Row> {
  return rows.addSink(new PartitionedFileSink<Q10Row>(dir, q10Partition, q10CsvLine)).name(`q10 Partitioned File Sink (${dir})`);
}
