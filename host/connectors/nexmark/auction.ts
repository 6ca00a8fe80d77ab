// Nexmark auction generation: the auction opened by an auction event, its seller, category and length.

import type { NexmarkConfig } from "./config.js";
import {
  FIRST_AUCTION_ID,
  FIRST_CATEGORY_ID,
  FIRST_PERSON_ID,
  HOT_BATCH,
  NUM_CATEGORIES,
  lastBase0AuctionId,
  lastBase0PersonId,
  nextBase0PersonId,
} from "./ids.js";
import type { Auction } from "./model.js";
import { nextPrice } from "./price.js";
import type { SeededRandom } from "./random.js";
import { nextExtra, type LetterPool } from "./strings.js";
import { timestampForEventNumber } from "./timeline.js";

/**
 * Random auction length in ms, `1 + uniform[0, max(2 * horizon, 1))`, where the horizon is the event-time
 * distance to the event `numInFlightAuctions` auctions ahead, so about that many auctions are open at
 * once (reference `AuctionGenerator.nextAuctionLengthMs`). `eventNumber` is the event's adjusted number.
 */
export function nextAuctionLengthMs(
  config: NexmarkConfig,
  random: SeededRandom,
  eventNumber: number,
  timestamp: number,
): number {
  const total = config.personProportion + config.auctionProportion + config.bidProportion;
  const numEventsForAuctions = Math.floor((config.numInFlightAuctions * total) / config.auctionProportion);
  const futureAuction = timestampForEventNumber(config, eventNumber + numEventsForAuctions);
  const horizonMs = futureAuction - timestamp;
  return 1 + random.nextLong(Math.max(horizonMs * 2, 1));
}

/**
 * The auction opened by event `eventId` at `timestamp` (adjusted event number `eventNumber`), as the
 * reference `AuctionGenerator.nextAuction` in its default (non extended-bid) mode: id = last auction id +
 * {@link FIRST_AUCTION_ID}; seller the current hot seller (first person of the latest batch of 100) with
 * probability `1 - 1/hotSellersRatio`, else a random active person; category uniform in `10..14`;
 * `initialBid` a {@link nextPrice}, `reserve = initialBid + nextPrice`; `expires = timestamp + length`.
 *
 * @example
 * ```ts
 * import { nextAuction } from "./auction.js";
 * import { DEFAULT_NEXMARK_CONFIG } from "./config.js";
 * import { SeededRandom } from "./random.js";
 * import { LetterPool } from "./strings.js";
 * const a = nextAuction(DEFAULT_NEXMARK_CONFIG, new SeededRandom().reset(0, 1), new LetterPool(0), 1, 1, 0);
 * a.id; // 1000
 * ```
 */
export function nextAuction(
  config: NexmarkConfig,
  random: SeededRandom,
  pool: LetterPool,
  eventId: number,
  eventNumber: number,
  timestamp: number,
): Auction {
  const id = lastBase0AuctionId(config, eventId) + FIRST_AUCTION_ID;
  let seller: number;
  if (random.nextInt(config.hotSellersRatio) > 0) {
    seller = Math.floor(lastBase0PersonId(config, eventId) / HOT_BATCH) * HOT_BATCH;
  } else {
    seller = nextBase0PersonId(config, eventId, random);
  }
  seller += FIRST_PERSON_ID;
  const category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
  const initialBid = nextPrice(random);
  const expires = timestamp + nextAuctionLengthMs(config, random, eventNumber, timestamp);
  const itemName = pool.nextText(random, 20);
  const description = pool.nextText(random, 100);
  const reserve = initialBid + nextPrice(random);
  const currentSize = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8;
  const extra = nextExtra(random, pool, currentSize, config.avgAuctionByteSize);
  return { id, itemName, description, initialBid, reserve, dateTime: timestamp, expires, seller, category, extra };
}
