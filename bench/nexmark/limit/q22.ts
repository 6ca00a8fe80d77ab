// q22 hand-written: the first three directories of each bid's URL (reference q22.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import type { BaselineQuery } from "./query.js";

/** q22 output row: `auction, bidder, price, channel, SPLIT_INDEX(url, '/', 3|4|5) AS dir1|dir2|dir3`. */
export interface Q22Row {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  dir1: string | null;
  dir2: string | null;
  dir3: string | null;
}

/** Index of the `n`-th (1-based) '/' in `s`, or -1. */
function nthSlash(s: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = s.indexOf("/", at + 1);
    if (at < 0) return -1;
  }
  return at;
}

/** The piece after the separator at `from` up to the one at `to` (or the end when `to` is -1); null when `from` is -1. */
function piece(s: string, from: number, to: number): string | null {
  if (from < 0) return null;
  return to < 0 ? s.substring(from + 1) : s.substring(from + 1, to);
}

/**
 * `SPLIT_INDEX(s, '/', index)` as Flink computes it: the `index`-th (0-based) piece of `s` split on every
 * `/`, empty pieces kept, null past the last piece.
 */
export function splitIndex(s: string, separator: string, index: number): string | null {
  if (index < 0) return null;
  const parts = s.split(separator);
  return index < parts.length ? parts[index]! : null;
}

/**
 * q22, URL directories: `SPLIT_INDEX(url, '/', i)` is the `i`-th (0-based) piece of `url` split on every
 * `/` keeping empty pieces, or null past the last piece (Flink's `splitByWholeSeparatorPreserveAllTokens`).
 * For `https://www.nexmark.com/a/b/c/item.htm?...` that is `a`, `b`, `c`. Append-only. (Computed with
 * `indexOf` scans; {@link splitIndex} is the plain definition.)
 */
export const q22: BaselineQuery<Q22Row> = {
  name: "q22",
  title: "URL directories",
  output: { kind: "append" },
  create(emit) {
    return {
      process(event: Event) {
        if (event.type !== 2) return;
        const b = event.bid;
        const url = b.url;
        // Positions of the first six '/' (pieces 3, 4, 5 lie between the 3rd..6th of them).
        const s3 = nthSlash(url, 3);
        const s4 = s3 < 0 ? -1 : url.indexOf("/", s3 + 1);
        const s5 = s4 < 0 ? -1 : url.indexOf("/", s4 + 1);
        const s6 = s5 < 0 ? -1 : url.indexOf("/", s5 + 1);
        emit({
          auction: b.auction,
          bidder: b.bidder,
          price: b.price,
          channel: b.channel,
          dir1: piece(url, s3, s4),
          dir2: piece(url, s4, s5),
          dir3: piece(url, s5, s6),
        });
      },
      finish() {},
    };
  },
};
