// Nexmark id arithmetic: which person/auction ids exist at an event id, and how sellers/bidders/auctions are picked.

import type { NexmarkConfig } from "./config.js";
import type { SeededRandom } from "./random.js";

/** First person id; ids start high so small data sets still join (reference `GeneratorConfig.FIRST_PERSON_ID`). */
export const FIRST_PERSON_ID = 1000;
/** First auction id (reference `GeneratorConfig.FIRST_AUCTION_ID`). */
export const FIRST_AUCTION_ID = 1000;
/** First category id; categories are `10..14` (reference `FIRST_CATEGORY_ID`, `NUM_CATEGORIES = 5`). */
export const FIRST_CATEGORY_ID = 10;
/** Number of auction categories (reference `AuctionGenerator.NUM_CATEGORIES`). */
export const NUM_CATEGORIES = 5;
/** Person ids up to this many past the last created one may be referenced (reference `PERSON_ID_LEAD`). */
export const PERSON_ID_LEAD = 10;
/** Auction ids up to this many past the last created one may be referenced (reference `AUCTION_ID_LEAD`). */
export const AUCTION_ID_LEAD = 10;
/** The hot seller/auction/bidder is the first of each batch of this many (reference `HOT_*_RATIO = 100`). */
export const HOT_BATCH = 100;

type Proportions = Pick<NexmarkConfig, "personProportion" | "auctionProportion" | "bidProportion">;

/**
 * Last valid person id (base 0) at event id `eventId`: the person created by this event if it is a
 * person event, else the last person created before it (reference `PersonGenerator.lastBase0PersonId`).
 *
 * @example
 * ```ts
 * import { lastBase0PersonId } from "./ids.js";
 * import { DEFAULT_NEXMARK_CONFIG } from "./config.js";
 * lastBase0PersonId(DEFAULT_NEXMARK_CONFIG, 50); // 1: event 50 is the second person
 * ```
 */
export function lastBase0PersonId(config: Proportions, eventId: number): number {
  const total = config.personProportion + config.auctionProportion + config.bidProportion;
  const epoch = Math.floor(eventId / total);
  let offset = eventId - epoch * total;
  if (offset >= config.personProportion) offset = config.personProportion - 1;
  return epoch * config.personProportion + offset;
}

/**
 * Last valid auction id (base 0) at event id `eventId` (reference `AuctionGenerator.lastBase0AuctionId`);
 * `-1` before the first auction.
 *
 * @example
 * ```ts
 * import { lastBase0AuctionId } from "./ids.js";
 * import { DEFAULT_NEXMARK_CONFIG } from "./config.js";
 * lastBase0AuctionId(DEFAULT_NEXMARK_CONFIG, 3); // 2: events 1..3 are the first three auctions
 * ```
 */
export function lastBase0AuctionId(config: Proportions, eventId: number): number {
  const total = config.personProportion + config.auctionProportion + config.bidProportion;
  let epoch = Math.floor(eventId / total);
  let offset = eventId - epoch * total;
  if (offset < config.personProportion) {
    // A person event: the last auction is the last one of the previous epoch.
    epoch--;
    offset = config.auctionProportion - 1;
  } else if (offset >= config.personProportion + config.auctionProportion) {
    // A bid event: the last auction is the last one of this epoch.
    offset = config.auctionProportion - 1;
  } else {
    offset -= config.personProportion;
  }
  return epoch * config.auctionProportion + offset;
}

/**
 * A random person id (base 0) among the `numActivePeople` most recent ones plus {@link PERSON_ID_LEAD}
 * not yet created (reference `PersonGenerator.nextBase0PersonId`).
 */
export function nextBase0PersonId(
  config: Proportions & Pick<NexmarkConfig, "numActivePeople">,
  eventId: number,
  random: SeededRandom,
): number {
  const numPeople = lastBase0PersonId(config, eventId) + 1;
  const activePeople = Math.min(numPeople, config.numActivePeople);
  const n = random.nextLong(activePeople + PERSON_ID_LEAD);
  return numPeople - activePeople + n;
}

/**
 * A random auction id (base 0) among the last `numInFlightAuctions + 1` plus {@link AUCTION_ID_LEAD} not yet
 * created (reference `AuctionGenerator.nextBase0AuctionId`).
 */
export function nextBase0AuctionId(
  config: Proportions & Pick<NexmarkConfig, "numInFlightAuctions">,
  eventId: number,
  random: SeededRandom,
): number {
  const maxAuction = lastBase0AuctionId(config, eventId);
  const minAuction = Math.max(maxAuction - config.numInFlightAuctions, 0);
  return minAuction + random.nextLong(maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
}
