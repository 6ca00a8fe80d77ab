// Nexmark records: Person, Auction, Bid and the Event union, shaped as the reference's Flink model.

/**
 * A new user of the auction site (reference `model/Person.java`). `dateTime` is epoch milliseconds.
 *
 * @example
 * ```ts
 * import type { Person } from "./model.js";
 * const p: Person = { id: 1000, name: "Kate Smith", emailAddress: "abc@def.com", creditCard: "0001 0002 0003 0004",
 *   city: "Boise", state: "ID", dateTime: 0, extra: "" };
 * ```
 */
export interface Person {
  readonly id: number;
  readonly name: string;
  readonly emailAddress: string;
  readonly creditCard: string;
  readonly city: string;
  readonly state: string;
  readonly dateTime: number;
  readonly extra: string;
}

/**
 * An item put up for auction (reference `model/Auction.java`). Prices in cents; times epoch milliseconds.
 *
 * @example
 * ```ts
 * import type { Auction } from "./model.js";
 * const a: Auction = { id: 1000, itemName: "bike", description: "red", initialBid: 100, reserve: 250,
 *   dateTime: 0, expires: 5000, seller: 1000, category: 10, extra: "" };
 * ```
 */
export interface Auction {
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  readonly dateTime: number;
  readonly expires: number;
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
}

/**
 * A bid on an auction (reference `model/Bid.java`, with the `channel` and `url` fields q16–q22 read).
 *
 * @example
 * ```ts
 * import type { Bid } from "./model.js";
 * const b: Bid = { auction: 1000, bidder: 1001, price: 700, channel: "Google",
 *   url: "https://www.nexmark.com/ab/cde/fgh/item.htm?query=1", dateTime: 0, extra: "" };
 * ```
 */
export interface Bid {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly dateTime: number;
  readonly extra: string;
}

/** Event kinds, numbered as the reference's `event_type` column (0 person, 1 auction, 2 bid). */
export const EventType = Object.freeze({ PERSON: 0, AUCTION: 1, BID: 2 } as const);
/** One of {@link EventType}'s values. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** An event carrying a new person. */
export interface PersonEvent {
  readonly type: 0;
  readonly person: Person;
  readonly auction?: undefined;
  readonly bid?: undefined;
}
/** An event carrying a new auction. */
export interface AuctionEvent {
  readonly type: 1;
  readonly person?: undefined;
  readonly auction: Auction;
  readonly bid?: undefined;
}
/** An event carrying a bid. */
export interface BidEvent {
  readonly type: 2;
  readonly person?: undefined;
  readonly auction?: undefined;
  readonly bid: Bid;
}

/**
 * A generated event: exactly one of `person`, `auction`, `bid` is set, as `type` says (the reference's
 * `Event` and its `event_type` + three nullable row columns).
 *
 * @example
 * ```ts
 * import { eventTimestamp, type Event } from "./model.js";
 * function price(e: Event): number { return e.type === 2 ? e.bid.price : 0; }
 * ```
 */
export type Event = PersonEvent | AuctionEvent | BidEvent;

/**
 * Event time of an event: the `dateTime` of whichever record it carries (the reference DDL's computed
 * `dateTime` column, on which its watermark is declared).
 *
 * @example
 * ```ts
 * import { eventTimestamp, type Event } from "./model.js";
 * declare const e: Event;
 * const ts: number = eventTimestamp(e);
 * ```
 */
export function eventTimestamp(event: Event): number {
  switch (event.type) {
    case 0:
      return event.person.dateTime;
    case 1:
      return event.auction.dateTime;
    default:
      return event.bid.dateTime;
  }
}
