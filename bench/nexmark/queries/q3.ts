// q3 as a DataStream job: category-10 auctions joined with their sellers in OR/ID/CA (reference q3.sql).

import {
  type Collector,
  KeyedCoProcessFunction,
  type ListState,
  ListStateDescriptor,
  type ValueState,
  ValueStateDescriptor,
} from "../../../host/index.js";
import type { Auction, Person } from "../../../host/connectors/nexmark/index.js";
import type { Q3Row } from "../limit/index.js";
import { auctionsOf, nexmarkJob, personsOf, type NexmarkJob } from "./source.js";

/**
 * The regular join `auction A JOIN person P ON A.seller = P.id`, keyed by person id: the person is kept
 * (a person id is a key, so there is one per key), auctions seen before their seller wait in list state.
 * A row is emitted when the second of the two arrives, whichever it is.
 */
class SellerJoin extends KeyedCoProcessFunction<number, Auction, Person, Q3Row> {
  private seller!: ValueState<Person>;
  private waiting!: ListState<number>;

  override open(): void {
    this.seller = this.getRuntimeContext().getState(new ValueStateDescriptor<Person>("seller"));
    this.waiting = this.getRuntimeContext().getListState(new ListStateDescriptor<number>("waiting-auctions"));
  }

  processElement1(a: Auction, _ctx: unknown, out: Collector<Q3Row>): void {
    const p = this.seller.value();
    if (p === null) this.waiting.add(a.id);
    else out.collect({ name: p.name, city: p.city, state: p.state, id: a.id });
  }

  processElement2(p: Person, _ctx: unknown, out: Collector<Q3Row>): void {
    this.seller.update(p);
    for (const id of this.waiting.get()) out.collect({ name: p.name, city: p.city, state: p.state, id });
    this.waiting.clear();
  }
}

/**
 * q3, local item suggestion: `auction A JOIN person P ON A.seller = P.id WHERE A.category = 10 AND
 * P.state IN ('OR', 'ID', 'CA')`, filters pushed below the join as Flink's planner does.
 */
export const q3: NexmarkJob<Q3Row> = nexmarkJob((events) => {
  const auctions = auctionsOf(events).filter((a: Auction) => a.category === 10).name("q3 Category 10");
  const persons = personsOf(events)
    .filter((p: Person) => p.state === "OR" || p.state === "ID" || p.state === "CA")
    .name("q3 OR/ID/CA");
  return auctions
    .connect(persons)
    .keyBy((a: Auction) => a.seller, (p: Person) => p.id)
    .process(new SellerJoin())
    .name("q3 Join");
});
