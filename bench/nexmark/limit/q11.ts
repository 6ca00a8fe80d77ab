// q11 hand-written: bids per user session with a 10 s gap (reference q11.sql).

import type { Event } from "../../../host/connectors/nexmark/index.js";
import { MinHeap } from "./min-heap.js";
import type { BaselineQuery } from "./query.js";
import { WatermarkTracker } from "./watermark.js";

/** q11 output row: `bidder, count(*) AS bid_count, SESSION_START AS starttime, SESSION_END AS endtime`. */
export interface Q11Row {
  bidder: number;
  bid_count: number;
  starttime: number;
  endtime: number;
}

/** q11's session gap, 10 s. */
export const Q11_GAP_MS = 10_000;

interface Session {
  readonly bidder: number;
  start: number;
  end: number;
  count: number;
  /** Merged into another session or fired. */
  closed: boolean;
}

/**
 * q11, user sessions: per bidder, `SESSION(dateTime, 10 s)` windows: each bid opens `[ts, ts + 10 s)`,
 * merged with every session of the bidder it intersects, touching included (Flink's
 * `TimeWindow.intersects`: `start <= other.end && end >= other.start`), so a session is
 * `[first bid, last bid + 10 s)` of bids at most 10 s apart. A session fires when the watermark reaches
 * `end - 1`; a bid whose merged session the watermark has already passed is dropped as late. Append-only;
 * final result: one row per session.
 */
export const q11: BaselineQuery<Q11Row> = {
  name: "q11",
  title: "User sessions",
  output: { kind: "append" },
  create(emit, options) {
    const watermark = new WatermarkTracker(options.outOfOrdernessMs);
    /** Bidder -> open sessions, sorted by start, pairwise not intersecting. */
    const sessions = new Map<number, Session[]>();
    /**
     * One entry per open session, at most its current `end - 1`: a session whose end moved is re-queued
     * when popped, instead of queueing an entry per bid.
     */
    const timers = new MinHeap<Session>();

    const advance = (): void => {
      const wm = watermark.current;
      while (timers.size > 0 && timers.peekPriority() <= wm) {
        const s = timers.pop();
        if (s.closed) continue;
        if (s.end - 1 > wm) {
          timers.push(s.end - 1, s);
          continue;
        }
        s.closed = true;
        emit({ bidder: s.bidder, bid_count: s.count, starttime: s.start, endtime: s.end });
        const list = sessions.get(s.bidder)!;
        if (list.length === 1) sessions.delete(s.bidder);
        else list.splice(list.indexOf(s), 1);
      }
    };

    const add = (bidder: number, ts: number): void => {
      const start = ts;
      const end = ts + Q11_GAP_MS;
      const list = sessions.get(bidder);
      if (list === undefined) {
        if (end - 1 <= watermark.current) return; // late
        const s: Session = { bidder, start, end, count: 1, closed: false };
        sessions.set(bidder, [s]);
        timers.push(end - 1, s);
        return;
      }
      // Sessions intersecting [start, end): a contiguous run of the sorted list.
      let first = -1;
      let last = -1;
      for (let i = 0; i < list.length; i++) {
        const s = list[i]!;
        if (s.start <= end && s.end >= start) {
          if (first < 0) first = i;
          last = i;
        }
      }
      if (first < 0) {
        if (end - 1 <= watermark.current) return; // late
        const s: Session = { bidder, start, end, count: 1, closed: false };
        let at = 0;
        while (at < list.length && list[at]!.start < start) at++;
        list.splice(at, 0, s);
        timers.push(end - 1, s);
        return;
      }
      const target = list[first]!;
      target.start = Math.min(target.start, start);
      target.end = Math.max(target.end, end);
      target.count += 1;
      for (let i = first + 1; i <= last; i++) {
        const s = list[i]!;
        target.start = Math.min(target.start, s.start);
        target.end = Math.max(target.end, s.end);
        target.count += s.count;
        s.closed = true;
      }
      if (last > first) list.splice(first + 1, last - first);
    };

    return {
      process(event: Event) {
        if (event.type === 2) {
          const b = event.bid;
          watermark.observe(b.dateTime);
          add(b.bidder, b.dateTime);
        } else {
          watermark.observe(event.type === 0 ? event.person.dateTime : event.auction.dateTime);
        }
        advance();
      },
      finish() {
        watermark.end();
        advance();
      },
    };
  },
};
