// Nexmark connector: the benchmark's event generator (config, records, generator, slice reader, JSON lines export).

export { DEFAULT_NEXMARK_CONFIG, NEXMARK_BASE_TIME, UNBOUNDED_EVENTS, resolveNexmarkConfig } from "./config.js";
export type { NexmarkConfig } from "./config.js";
export { EventType, eventTimestamp } from "./model.js";
export type { Auction, AuctionEvent, Bid, BidEvent, Event, Person, PersonEvent } from "./model.js";
export { SeededRandom, fmix32 } from "./random.js";
export {
  AUCTION_ID_LEAD,
  FIRST_AUCTION_ID,
  FIRST_CATEGORY_ID,
  FIRST_PERSON_ID,
  HOT_BATCH,
  NUM_CATEGORIES,
  PERSON_ID_LEAD,
  lastBase0AuctionId,
  lastBase0PersonId,
  nextBase0AuctionId,
  nextBase0PersonId,
} from "./ids.js";
export {
  adjustedEventNumber,
  generatorFirstIndex,
  generatorOfIndex,
  generatorSize,
  interEventDelayUs,
  timestampForEventNumber,
  totalEvents,
  watermarkEventNumber,
} from "./timeline.js";
export { CHANNELS_NUMBER, ChannelTable, HOT_CHANNELS, HOT_CHANNELS_RATIO, channelIdOf, reverseBits32 } from "./channels.js";
export { LetterPool, MIN_STRING_LENGTH, nextExactString, nextExtra, nextString } from "./strings.js";
export { nextPrice } from "./price.js";
export { FIRST_NAMES, LAST_NAMES, US_CITIES, US_STATES, nextPerson } from "./person.js";
export { nextAuction, nextAuctionLengthMs } from "./auction.js";
export { nextBid } from "./bid.js";
export { NexmarkGenerator, generateEvent } from "./generator.js";
export { NexmarkEventReader, generatorsOfSubtask } from "./reader.js";
export { eventToJson, parseEventJson, writeEventsAsJsonLines } from "./jsonl.js";
export type { ChunkSink, JsonLinesOptions } from "./jsonl.js";
export { NexmarkSource } from "./nexmark-source.js";
export type { NexmarkSourceOptions, NexmarkSplit } from "./nexmark-source.js";
