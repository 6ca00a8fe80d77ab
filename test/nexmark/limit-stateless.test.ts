import { describe, expect, it } from "vitest";
import { q0, q1, q10, q10CsvLine, q10Partition, q13, q14, q2, q21, q22, runBaseline } from "../../bench/nexmark/limit/index.js";
import { splitIndex } from "../../bench/nexmark/limit/q22.js";
import { auction, bid, person, rowsOf } from "./fixtures.js";

const DAY = Date.UTC(2015, 6, 15);

describe("q0 pass through", () => {
  it("emits every bid's columns and nothing for other events", () => {
    const events = [person({ id: 1, dateTime: 0 }), bid({ auction: 7, bidder: 3, price: 12, dateTime: 5, extra: "x" }), auction({ id: 2, dateTime: 6 }), bid({ auction: 8, price: 1, dateTime: 9 })];
    expect(rowsOf(q0, events)).toEqual([
      { auction: 7, bidder: 3, price: 12, dateTime: 5, extra: "x" },
      { auction: 8, bidder: 1, price: 1, dateTime: 9, extra: "" },
    ]);
  });
});

describe("q1 currency conversion", () => {
  it("multiplies prices by 0.908 exactly as the decimal", () => {
    const rows = rowsOf(q1, [bid({ auction: 1, price: 1000, dateTime: 0 }), bid({ auction: 1, price: 3, dateTime: 0 }), bid({ auction: 1, price: 1101322, dateTime: 0 })]);
    expect(rows.map((r) => r.price)).toEqual([908, 2.724, 1000000.376]);
  });
});

describe("q2 selection", () => {
  it("keeps bids on auctions divisible by 123", () => {
    const rows = rowsOf(q2, [123, 124, 246, 0, 1000].map((a, i) => bid({ auction: a, price: i, dateTime: i })));
    expect(rows).toEqual([
      { auction: 123, price: 0 },
      { auction: 246, price: 2 },
      { auction: 0, price: 3 },
    ]);
  });
});

describe("q10 log to file system", () => {
  it("adds the UTC day and minute partition columns", () => {
    const rows = rowsOf(q10, [bid({ auction: 1, price: 5, dateTime: Date.UTC(2015, 6, 15, 13, 5, 30) }), bid({ auction: 2, price: 6, dateTime: Date.UTC(2016, 1, 29, 23, 59, 59, 999) })]);
    expect(rows.map((r) => [r.dt, r.hm])).toEqual([
      ["2015-07-15", "13:05"],
      ["2016-02-29", "23:59"],
    ]);
    expect(q10Partition(rows[0]!)).toBe("dt=2015-07-15/hm=13:05");
    expect(q10CsvLine({ ...rows[1]!, extra: "abc" })).toBe("2,1,6,2016-02-29 23:59:59.999,abc");
  });
});

describe("q13 bounded side input join", () => {
  it("looks up auction mod 10000 and drops bids without a side row", () => {
    const sideInput = new Map([
      [7, "seven"],
      [3, "three"],
    ]);
    const rows = rowsOf(q13, [bid({ auction: 10007, price: 1, dateTime: 1 }), bid({ auction: 20003, price: 2, dateTime: 2 }), bid({ auction: 10005, price: 3, dateTime: 3 })], { sideInput });
    expect(rows.map((r) => [r.auction, r.value])).toEqual([
      [10007, "seven"],
      [20003, "three"],
    ]);
  });

  it("defaults to the reference side input (keys 0..9999, value = key)", () => {
    const rows = rowsOf(q13, [bid({ auction: 123456, price: 1, dateTime: 1 })]);
    expect(rows[0]!.value).toBe("3456");
  });
});

describe("q14 calculation", () => {
  it("filters on the converted price with exact bounds", () => {
    const prices = [1101321, 1101322, 55066079, 55066080];
    const rows = rowsOf(q14, prices.map((price) => bid({ auction: 1, price, dateTime: DAY + 9 * 3600_000 })));
    expect(rows.map((r) => r.price)).toEqual([1000000.376, 49999999.732]);
  });

  it("classifies the UTC hour and counts 'c' in extra", () => {
    const at = (h: number, m: number) => DAY + h * 3600_000 + m * 60_000;
    const times = [at(8, 0), at(18, 59), at(19, 0), at(7, 30), at(6, 59), at(20, 0), at(0, 0)];
    const rows = rowsOf(q14, times.map((dateTime) => bid({ auction: 1, price: 2_000_000, dateTime, extra: "cacc" })));
    expect(rows.map((r) => r.bidTimeType)).toEqual(["dayTime", "dayTime", "otherTime", "otherTime", "nightTime", "nightTime", "nightTime"]);
    expect(rows.every((r) => r.c_counts === 3)).toBe(true);
  });
});

describe("q21 add channel id", () => {
  it("maps hot channels case-insensitively and extracts channel_id otherwise", () => {
    const base = "https://www.nexmark.com/a/b/c/item.htm?query=1";
    const rows = rowsOf(q21, [
      bid({ auction: 1, price: 1, dateTime: 0, channel: "Apple", url: base }),
      bid({ auction: 2, price: 1, dateTime: 0, channel: "GOOGLE", url: base }),
      bid({ auction: 3, price: 1, dateTime: 0, channel: "baidu", url: base }),
      bid({ auction: 4, price: 1, dateTime: 0, channel: "channel-5", url: base + "&channel_id=123" }),
      bid({ auction: 5, price: 1, dateTime: 0, channel: "channel-6", url: base }),
      bid({ auction: 6, price: 1, dateTime: 0, channel: "channel-7", url: "channel_id=77&x=1" }),
      bid({ auction: 7, price: 1, dateTime: 0, channel: "channel-8", url: base + "&xchannel_id=5" }),
      bid({ auction: 8, price: 1, dateTime: 0, channel: "channel-9", url: "a&channel_id=&b" }),
      bid({ auction: 9, price: 1, dateTime: 0, channel: "constructor", url: base }),
    ]);
    expect(rows.map((r) => [r.auction, r.channel_id])).toEqual([
      [1, "0"],
      [2, "1"],
      [3, "3"],
      [4, "123"],
      [6, "77"],
      [8, ""],
    ]);
  });
});

describe("q22 URL directories", () => {
  it("splits on every slash keeping empty pieces", () => {
    const urls = ["https://www.nexmark.com/ab/cd_/efg/item.htm?query=1", "https://x/y", "a/b/c/d/", "no-slash"];
    const rows = rowsOf(q22, urls.map((url, i) => bid({ auction: i, price: 1, dateTime: 0, url })));
    expect(rows.map((r) => [r.dir1, r.dir2, r.dir3])).toEqual([
      ["ab", "cd_", "efg"],
      ["y", null, null],
      ["d", "", null],
      [null, null, null],
    ]);
    for (const [i, url] of urls.entries()) {
      expect([splitIndex(url, "/", 3), splitIndex(url, "/", 4), splitIndex(url, "/", 5)]).toEqual([rows[i]!.dir1, rows[i]!.dir2, rows[i]!.dir3]);
    }
  });

  it("counts without collecting in count-only mode", () => {
    const result = runBaseline(q22, [bid({ auction: 1, price: 1, dateTime: 0 }), person({ id: 1, dateTime: 0 })], { countOnly: true });
    expect(result).toEqual({ emitted: 1, rows: [] });
  });
});
