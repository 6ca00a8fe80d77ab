// Hand-built Nexmark events for the hand-written query tests.

import type { Auction, Bid, Event, Person } from "../../host/connectors/nexmark/index.js";
import { canonicalRow, runBaseline, type BaselineOptions, type BaselineQuery } from "../../bench/nexmark/limit/index.js";

export function bid(fields: Partial<Bid> & Pick<Bid, "auction" | "price" | "dateTime">): Event {
  return {
    type: 2,
    bid: {
      auction: fields.auction,
      bidder: fields.bidder ?? 1,
      price: fields.price,
      channel: fields.channel ?? "Google",
      url: fields.url ?? "https://www.nexmark.com/ab/cd/ef/item.htm?query=1",
      dateTime: fields.dateTime,
      extra: fields.extra ?? "",
    },
  };
}

export function person(fields: Partial<Person> & Pick<Person, "id" | "dateTime">): Event {
  return {
    type: 0,
    person: {
      id: fields.id,
      name: fields.name ?? `person ${fields.id}`,
      emailAddress: fields.emailAddress ?? "x@y.com",
      creditCard: fields.creditCard ?? "0000 0000 0000 0000",
      city: fields.city ?? "Boise",
      state: fields.state ?? "ID",
      dateTime: fields.dateTime,
      extra: fields.extra ?? "",
    },
  };
}

export function auction(fields: Partial<Auction> & Pick<Auction, "id" | "dateTime">): Event {
  return {
    type: 1,
    auction: {
      id: fields.id,
      itemName: fields.itemName ?? `item ${fields.id}`,
      description: fields.description ?? "",
      initialBid: fields.initialBid ?? 1,
      reserve: fields.reserve ?? 2,
      dateTime: fields.dateTime,
      expires: fields.expires ?? fields.dateTime + 1000,
      seller: fields.seller ?? 1,
      category: fields.category ?? 10,
      extra: fields.extra ?? "",
    },
  };
}

/** The query's result rows over `events`. */
export function rowsOf<R>(query: BaselineQuery<R>, events: Event[], options?: BaselineOptions): R[] {
  return runBaseline(query, events, options).rows;
}

/** Sorts rows by their key-order independent JSON text, for order-insensitive comparison. */
export function sorted<R>(rows: R[]): R[] {
  return [...rows].sort((a, b) => {
    const x = canonicalRow(a);
    const y = canonicalRow(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
