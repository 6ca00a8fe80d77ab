// q3 hand-written: local item suggestion, join of category-10 auctions with sellers in OR/ID/CA (reference q3.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q3 output row: `SELECT P.name, P.city, P.state, A.id`. */
export interface Q3Row {
  name: string;
  city: string;
  state: string;
  id: number;
}

interface Seller {
  readonly name: string;
  readonly city: string;
  readonly state: string;
}

/**
 * q3, local item suggestion: `auction A JOIN person P ON A.seller = P.id WHERE A.category = 10 AND
 * P.state IN ('OR', 'ID', 'CA')`, a regular (unwindowed) join: a row is emitted when the second of the two
 * records arrives, whichever it is. Append-only; the result is every matching (auction, seller) pair.
 *
 * Assumes person ids are unique (they are in generated data; Nexmark's person id is a key): a person is
 * kept forever (its auctions may come any time later), an auction only until its seller arrives.
 */
export const q3: BaselineQuery<Q3Row> = {
  name: "q3",
  title: "Local item suggestion",
  output: { kind: "append" },
  create(emit) {
    /** Person id -> the seller (state in OR/ID/CA), or null for a person filtered out. */
    const people = new Map<number, Seller | null>();
    /** Seller id -> ids of category-10 auctions waiting for that person. */
    const waiting = new Map<number, number[]>();
    return {
      process(event: Event) {
        if (event.type === 1) {
          const a = event.auction;
          if (a.category !== 10) return;
          const seller = people.get(a.seller);
          if (seller === undefined) {
            const list = waiting.get(a.seller);
            if (list === undefined) waiting.set(a.seller, [a.id]);
            else list.push(a.id);
          } else if (seller !== null) {
            emit({ name: seller.name, city: seller.city, state: seller.state, id: a.id });
          }
        } else if (event.type === 0) {
          const p = event.person;
          const qualifies = p.state === "OR" || p.state === "ID" || p.state === "CA";
          const seller = qualifies ? { name: p.name, city: p.city, state: p.state } : null;
          people.set(p.id, seller);
          const list = waiting.get(p.id);
          if (list === undefined) return;
          waiting.delete(p.id);
          if (seller !== null) for (const id of list) emit({ name: seller.name, city: seller.city, state: seller.state, id });
        }
      },
      finish() {},
    };
  },
};
