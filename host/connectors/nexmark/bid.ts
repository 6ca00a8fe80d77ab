// Nexmark bid generation: auction, bidder, price, channel and URL of a bid event.

import { CHANNELS_NUMBER, HOT_CHANNELS, HOT_CHANNELS_RATIO, type ChannelTable } from "./channels.js";
import type { NexmarkConfig } from "./config.js";
import {
  FIRST_AUCTION_ID,
  FIRST_PERSON_ID,
  HOT_BATCH,
  lastBase0AuctionId,
  lastBase0PersonId,
  nextBase0AuctionId,
  nextBase0PersonId,
} from "./ids.js";
import type { Bid } from "./model.js";
import { nextPrice } from "./price.js";
import type { SeededRandom } from "./random.js";
import { nextExtra, type LetterPool } from "./strings.js";

/**
 * The bid of event `eventId` at `timestamp` (reference `BidGenerator.nextBid`): auction the current hot
 * auction (first of the latest batch of 100) with probability `1 - 1/hotAuctionRatio`, else a random
 * in-flight auction; bidder the current hot bidder (second person of the latest batch of 100) with
 * probability `1 - 1/hotBiddersRatio`, else a random active person; price a {@link nextPrice}; channel
 * a hot channel with probability 1/2, else one of 10 000 numbered channels, each with its URL.
 *
 * The latest reference adds `FIRST_PERSON_ID` to the bidder twice (a slip: its bidders then never match
 * a person); this follows Beam and the reference's intent and adds it once.
 *
 * @example
 * ```ts
 * import { nextBid } from "./bid.js";
 * import { ChannelTable } from "./channels.js";
 * import { DEFAULT_NEXMARK_CONFIG } from "./config.js";
 * import { SeededRandom } from "./random.js";
 * import { LetterPool } from "./strings.js";
 * const b = nextBid(DEFAULT_NEXMARK_CONFIG, new SeededRandom().reset(0, 10), new LetterPool(0), new ChannelTable(0), 10, 0);
 * b.auction >= 1000; // true
 * ```
 */
export function nextBid(
  config: NexmarkConfig,
  random: SeededRandom,
  pool: LetterPool,
  channels: ChannelTable,
  eventId: number,
  timestamp: number,
): Bid {
  let auction: number;
  if (random.nextInt(config.hotAuctionRatio) > 0) {
    auction = Math.floor(lastBase0AuctionId(config, eventId) / HOT_BATCH) * HOT_BATCH;
  } else {
    auction = nextBase0AuctionId(config, eventId, random);
  }
  auction += FIRST_AUCTION_ID;

  let bidder: number;
  if (random.nextInt(config.hotBiddersRatio) > 0) {
    bidder = Math.floor(lastBase0PersonId(config, eventId) / HOT_BATCH) * HOT_BATCH + 1;
  } else {
    bidder = nextBase0PersonId(config, eventId, random);
  }
  bidder += FIRST_PERSON_ID;

  const price = nextPrice(random);

  let channel: string;
  let url: string;
  if (random.nextInt(HOT_CHANNELS_RATIO) > 0) {
    const i = random.nextInt(HOT_CHANNELS.length);
    channel = HOT_CHANNELS[i]!;
    url = channels.hotUrl(i);
  } else {
    const n = random.nextInt(CHANNELS_NUMBER);
    channel = channels.name(n);
    url = channels.url(n);
  }

  const extra = nextExtra(random, pool, 8 + 8 + 8 + 8, config.avgBidByteSize);
  return { auction, bidder, price, channel, url, dateTime: timestamp, extra };
}
