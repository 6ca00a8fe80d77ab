import { describe, expect, it } from "vitest";
import {
  AUCTION_ID_LEAD,
  HOT_CHANNELS,
  NexmarkEventReader,
  NexmarkGenerator,
  PERSON_ID_LEAD,
  US_STATES,
  channelIdOf,
  eventTimestamp,
  eventToJson,
  generateEvent,
  resolveNexmarkConfig,
  type Auction,
  type Bid,
  type Event,
  type Person,
} from "../../host/connectors/nexmark/index.js";

function all(config: Parameters<typeof resolveNexmarkConfig>[0]): Event[] {
  return [...new NexmarkEventReader(config)];
}

describe("nexmark config", () => {
  it("fills the reference defaults", () => {
    const c = resolveNexmarkConfig();
    expect([c.personProportion, c.auctionProportion, c.bidProportion]).toEqual([1, 3, 46]);
    expect([c.hotAuctionRatio, c.hotSellersRatio, c.hotBiddersRatio]).toEqual([2, 4, 4]);
    expect([c.avgPersonByteSize, c.avgAuctionByteSize, c.avgBidByteSize]).toEqual([200, 500, 100]);
    expect(c.baseTime).toBe(Date.parse("2015-07-15T00:00:00Z"));
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("rejects invalid options", () => {
    expect(() => resolveNexmarkConfig({ numEventGenerators: 0 })).toThrow(/numEventGenerators/);
    expect(() => resolveNexmarkConfig({ personProportion: 0 })).toThrow(/personProportion/);
    expect(() => resolveNexmarkConfig({ maxEvents: 1.5 })).toThrow(/maxEvents/);
    expect(() => resolveNexmarkConfig({ firstEventRate: 0 })).toThrow(/firstEventRate/);
    expect(() => resolveNexmarkConfig({ outOfOrderGroupSize: 0 })).toThrow(/outOfOrderGroupSize/);
  });
});

describe("nexmark generator determinism", () => {
  it("gives equal events for equal configurations and different ones for another seed", () => {
    const a = all({ maxEvents: 2000, seed: 11 }).map(eventToJson);
    const b = all({ maxEvents: 2000, seed: 11 }).map(eventToJson);
    const c = all({ maxEvents: 2000, seed: 12 }).map(eventToJson);
    expect(a).toEqual(b);
    const differing = a.filter((line, i) => line !== c[i]).length;
    expect(differing).toBeGreaterThan(1900);
  });

  it("makes each event a function of its index, whatever the access order", () => {
    const config = resolveNexmarkConfig({ maxEvents: 500, seed: 5, numEventGenerators: 3 });
    const forward = Array.from({ length: 500 }, (_, i) => eventToJson(generateEvent(config, i)));
    const fresh = new NexmarkGenerator(config);
    for (let i = 499; i >= 0; i -= 7) expect(eventToJson(fresh.event(i))).toBe(forward[i]);
    expect(() => fresh.event(500)).toThrow(RangeError);
  });
});

describe("nexmark proportions and ids", () => {
  const events = all({ maxEvents: 50_000, seed: 3 });

  it("emits exactly 1 person, 3 auctions, 46 bids in every 50 consecutive events", () => {
    for (let start = 0; start < events.length; start += 50) {
      const counts = [0, 0, 0];
      for (let i = start; i < start + 50; i++) counts[events[i]!.type]!++;
      expect(counts).toEqual([1, 3, 46]);
    }
    expect(events[0]!.type).toBe(0);
    expect(events.slice(1, 4).map((e) => e.type)).toEqual([1, 1, 1]);
  });

  it("numbers people and auctions consecutively from 1000", () => {
    const people = events.filter((e) => e.type === 0).map((e) => e.person!.id);
    const auctions = events.filter((e) => e.type === 1).map((e) => e.auction!.id);
    expect(people).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 + i));
    expect(auctions).toEqual(Array.from({ length: 3000 }, (_, i) => 1000 + i));
  });

  it("lets bids reference existing auctions and auctions existing people (up to the reference's leads)", () => {
    let maxPerson = -1;
    let maxAuction = -1;
    let sellersExisting = 0;
    let auctionCount = 0;
    let bidsExisting = 0;
    let bidCount = 0;
    for (const e of events) {
      if (e.type === 0) maxPerson = e.person.id;
      else if (e.type === 1) {
        auctionCount++;
        expect(e.auction.seller).toBeGreaterThanOrEqual(1000);
        expect(e.auction.seller).toBeLessThanOrEqual(maxPerson + PERSON_ID_LEAD);
        if (e.auction.seller <= maxPerson) sellersExisting++;
        maxAuction = e.auction.id;
      } else {
        bidCount++;
        expect(e.bid.auction).toBeGreaterThanOrEqual(1000);
        expect(e.bid.auction).toBeLessThanOrEqual(maxAuction + AUCTION_ID_LEAD);
        expect(e.bid.bidder).toBeLessThanOrEqual(maxPerson + PERSON_ID_LEAD);
        if (e.bid.auction <= maxAuction) bidsExisting++;
      }
    }
    expect(sellersExisting / auctionCount).toBeGreaterThan(0.95);
    expect(bidsExisting / bidCount).toBeGreaterThan(0.95);
  });

  it("sends roughly 1 - 1/ratio of bids and auctions to the hot auction, bidder and seller", () => {
    const frac = (cfg: Parameters<typeof resolveNexmarkConfig>[0]) => {
      let hotAuction = 0;
      let hotBidder = 0;
      let bids = 0;
      let hotSeller = 0;
      let auctions = 0;
      let lastPerson = 999;
      let lastAuction = 999;
      for (const e of all(cfg)) {
        if (e.type === 0) lastPerson = e.person.id;
        else if (e.type === 1) {
          auctions++;
          if (e.auction.seller === Math.floor((lastPerson - 1000) / 100) * 100 + 1000) hotSeller++;
          lastAuction = e.auction.id;
        } else {
          bids++;
          if (e.bid.auction === Math.floor((lastAuction - 1000) / 100) * 100 + 1000) hotAuction++;
          if (e.bid.bidder === Math.floor((lastPerson - 1000) / 100) * 100 + 1001) hotBidder++;
        }
      }
      return { auction: hotAuction / bids, bidder: hotBidder / bids, seller: hotSeller / auctions };
    };
    const defaults = frac({ maxEvents: 100_000, seed: 9 });
    expect(defaults.auction).toBeGreaterThan(0.48);
    expect(defaults.auction).toBeLessThan(0.53);
    expect(defaults.bidder).toBeGreaterThan(0.73);
    expect(defaults.bidder).toBeLessThan(0.78);
    expect(defaults.seller).toBeGreaterThan(0.72);
    expect(defaults.seller).toBeLessThan(0.8);
    const skewed = frac({ maxEvents: 100_000, seed: 9, hotAuctionRatio: 10, hotBiddersRatio: 1 });
    expect(skewed.auction).toBeGreaterThan(0.88);
    expect(skewed.auction).toBeLessThan(0.92);
    expect(skewed.bidder).toBeLessThan(0.02);
  });
});

describe("nexmark field distributions", () => {
  const events = all({ maxEvents: 100_000, seed: 21 });
  const people = events.filter((e) => e.type === 0).map((e) => e.person!) as Person[];
  const auctions = events.filter((e) => e.type === 1).map((e) => e.auction!) as Auction[];
  const bids = events.filter((e) => e.type === 2).map((e) => e.bid!) as Bid[];

  it("draws people from the reference lists", () => {
    expect(new Set(people.map((p) => p.state))).toEqual(new Set(US_STATES));
    for (const p of people.slice(0, 200)) {
      expect(p.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(p.emailAddress).toMatch(/^[a-z ]*@[a-z ]*\.com$/);
      expect(p.creditCard).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    }
    const sizes = people.map((p) => 8 + p.name.length + p.emailAddress.length + p.creditCard.length + p.city.length + p.state.length + p.extra.length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(Math.abs(mean - 200)).toBeLessThan(5);
  });

  it("draws auction categories 10..14, prices as reserves above the initial bid, and future expiries", () => {
    expect(new Set(auctions.map((a) => a.category))).toEqual(new Set([10, 11, 12, 13, 14]));
    for (const a of auctions) {
      expect(a.reserve).toBeGreaterThan(a.initialBid);
      expect(a.expires).toBeGreaterThan(a.dateTime);
    }
    // Reference horizon: about 100 auctions in flight, i.e. ~1666 events = 166 ms at 10 000 events/s.
    const meanLength = auctions.reduce((s, a) => s + (a.expires - a.dateTime), 0) / auctions.length;
    expect(meanLength).toBeGreaterThan(150);
    expect(meanLength).toBeLessThan(185);
  });

  it("draws log-uniform prices in [100, 1e8] cents", () => {
    for (const b of bids) {
      expect(b.price).toBeGreaterThanOrEqual(100);
      expect(b.price).toBeLessThanOrEqual(100_000_000);
    }
    const belowMedian = bids.filter((b) => b.price < 100_000).length / bids.length;
    expect(belowMedian).toBeGreaterThan(0.48);
    expect(belowMedian).toBeLessThan(0.52);
    const firstDecade = bids.filter((b) => b.price < 1000).length / bids.length;
    expect(firstDecade).toBeGreaterThan(1 / 6 - 0.02);
    expect(firstDecade).toBeLessThan(1 / 6 + 0.02);
  });

  it("names hot channels half the time and gives other channels numbered URLs with channel_id 9 times in 10", () => {
    const hot = bids.filter((b) => HOT_CHANNELS.includes(b.channel));
    expect(hot.length / bids.length).toBeGreaterThan(0.48);
    expect(hot.length / bids.length).toBeLessThan(0.52);
    for (const name of HOT_CHANNELS) {
      const share = hot.filter((b) => b.channel === name).length / hot.length;
      expect(share).toBeGreaterThan(0.23);
      expect(share).toBeLessThan(0.27);
      expect(new Set(hot.filter((b) => b.channel === name).map((b) => b.url)).size).toBe(1);
    }
    const url = /^https:\/\/www\.nexmark\.com\/[a-z_]{3,4}\/[a-z_]{3,4}\/[a-z_]{3,4}\/item\.htm\?query=1(&channel_id=-?\d+)?$/;
    for (const b of bids.slice(0, 2000)) expect(b.url).toMatch(url);
    const numbered = bids.filter((b) => !HOT_CHANNELS.includes(b.channel));
    for (const b of numbered) {
      const n = Number(/^channel-(\d+)$/.exec(b.channel)![1]);
      expect(n).toBeLessThan(10_000);
      const id = /&channel_id=(-?\d+)$/.exec(b.url);
      if (id) expect(Number(id[1])).toBe(channelIdOf(n));
    }
    const withId = numbered.filter((b) => b.url.includes("&channel_id=")).length / numbered.length;
    expect(withId).toBeGreaterThan(0.85);
    expect(withId).toBeLessThan(0.95);
  });

  it("pads bids to 100 bytes on average (extra of 54..81 characters)", () => {
    for (const b of bids.slice(0, 5000)) {
      expect(b.extra.length).toBeGreaterThanOrEqual(54);
      expect(b.extra.length).toBeLessThanOrEqual(81);
      expect(b.extra).toMatch(/^[a-z]+$/);
    }
  });

  it("computes channel ids as Java's Math.abs(Integer.reverse(n))", () => {
    expect(channelIdOf(0)).toBe(0);
    expect(channelIdOf(1)).toBe(-2147483648);
    expect(channelIdOf(2)).toBe(1073741824);
    expect(channelIdOf(3)).toBe(1073741824);
    expect(channelIdOf(6)).toBe(1610612736);
  });
});

describe("nexmark timestamps", () => {
  it("spaces events by the inter-event delay", () => {
    const config = { maxEvents: 5000, firstEventRate: 1000 };
    const events = all(config);
    const base = resolveNexmarkConfig().baseTime;
    events.forEach((e, k) => expect(eventTimestamp(e)).toBe(base + k));
    const fast = all({ maxEvents: 5000, firstEventRate: 10_000 });
    fast.forEach((e, k) => expect(eventTimestamp(e)).toBe(base + Math.floor(k / 10)));
  });

  it("keeps out-of-order groups above the reader's watermark and within their group", () => {
    const reader = new NexmarkEventReader({ maxEvents: 1000, firstEventRate: 1000, outOfOrderGroupSize: 10 });
    let inOrder = true;
    let previous = -Infinity;
    while (reader.hasNext()) {
      const watermark = reader.watermark();
      const e = reader.next();
      const ts = eventTimestamp(e);
      expect(ts).toBeGreaterThanOrEqual(watermark);
      if (ts < previous) inOrder = false;
      previous = ts;
    }
    expect(inOrder).toBe(false);
    expect(reader.watermark()).toBe(Infinity);
    const gen = new NexmarkGenerator({ maxEvents: 1000, outOfOrderGroupSize: 10 });
    for (let group = 0; group < 100; group++) {
      const groupIds = Array.from({ length: 10 }, (_, k) => gen.eventIdAt(0, group * 10 + k)).sort((a, b) => a - b);
      expect(groupIds).toEqual(Array.from({ length: 10 }, (_, k) => group * 10 + k));
    }
  });
});
