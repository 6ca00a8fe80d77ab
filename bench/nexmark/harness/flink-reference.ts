// Flink 1.13's published Nexmark throughput per core (nexmark/nexmark README; copied in NEXMARK-REFERENCE.md).

import type { QueryName } from "../limit/index.js";

/**
 * Events per second per core that the nexmark project published for Apache Flink 1.13 (8 TaskManagers,
 * parallelism 8, RocksDB with incremental checkpoints every 3 minutes, 100 M events per query, blackhole
 * sink). Different hardware and setup from ours: an order of magnitude to compare with, not a same-run figure.
 */
export const FLINK_1_13_PER_CORE: Readonly<Record<QueryName, number>> = Object.freeze({
  q0: 155_000,
  q1: 158_000,
  q2: 175_000,
  q3: 152_000,
  q4: 34_000,
  q5: 22_000,
  q7: 12_000,
  q8: 146_000,
  q9: 14_000,
  q10: 58_000,
  q11: 40_000,
  q12: 76_000,
  q13: 131_000,
  q14: 161_000,
  q15: 72_000,
  q16: 19_000,
  q17: 117_000,
  q18: 54_000,
  q19: 44_000,
  q20: 19_000,
  q21: 98_000,
  q22: 130_000,
});
