// Hand-written single-purpose Nexmark queries q0–q22 (q6 skipped): registry and runner.

import { q0 } from "./q0.js";
import { q1 } from "./q1.js";
import { q2 } from "./q2.js";
import { q3 } from "./q3.js";
import { q4 } from "./q4.js";
import { q5 } from "./q5.js";
import { q7 } from "./q7.js";
import { q8 } from "./q8.js";
import { q9 } from "./q9.js";
import { q10 } from "./q10.js";
import { q11 } from "./q11.js";
import { q12 } from "./q12.js";
import { q13 } from "./q13.js";
import { q14 } from "./q14.js";
import { q15 } from "./q15.js";
import { q16 } from "./q16.js";
import { q17 } from "./q17.js";
import { q18 } from "./q18.js";
import { q19 } from "./q19.js";
import { q20 } from "./q20.js";
import { q21 } from "./q21.js";
import { q22 } from "./q22.js";
import type { BaselineQuery, QueryName } from "./query.js";

export { q0, q1, q2, q3, q4, q5, q7, q8, q9, q10, q11, q12, q13, q14, q15, q16, q17, q18, q19, q20, q21, q22 };
export type { Q0Row } from "./q0.js";
export type { Q1Row } from "./q1.js";
export type { Q2Row } from "./q2.js";
export type { Q3Row } from "./q3.js";
export type { Q4Row } from "./q4.js";
export type { Q5Row } from "./q5.js";
export type { Q7Row } from "./q7.js";
export type { Q8Row } from "./q8.js";
export type { Q9Row } from "./q9.js";
export type { Q10Row } from "./q10.js";
export type { Q11Row } from "./q11.js";
export type { Q12Row } from "./q12.js";
export type { Q13Row } from "./q13.js";
export type { Q14Row } from "./q14.js";
export type { Q15Row } from "./q15.js";
export type { Q16Row } from "./q16.js";
export type { Q17Row } from "./q17.js";
export type { Q18Row } from "./q18.js";
export type { Q19Row } from "./q19.js";
export type { Q20Row } from "./q20.js";
export type { Q21Row } from "./q21.js";
export type { Q22Row } from "./q22.js";
export { toEuro } from "./q1.js";
export { q10CsvLine, q10Partition } from "./q10.js";
export { SIDE_INPUT_ROWS, defaultSideInput } from "./q13.js";
export { countChar } from "./q14.js";
export { extractChannelId } from "./q21.js";
export type { BaselineOptions, BaselineQuery, EventProcessor, OutputMode, QueryName, ResolvedBaselineOptions } from "./query.js";
export {
  DEFAULT_OUT_OF_ORDERNESS_MS,
  canonicalRow,
  canonicalRows,
  materialize,
  resolveBaselineOptions,
  runBaseline,
  type BaselineResult,
} from "./run.js";

/** Every query, in suite order. */
export const BASELINES: Readonly<Record<QueryName, BaselineQuery<unknown>>> = Object.freeze({
  q0, q1, q2, q3, q4, q5, q7, q8, q9, q10, q11, q12, q13, q14, q15, q16, q17, q18, q19, q20, q21, q22,
} as Record<QueryName, BaselineQuery<unknown>>);

/** Query names in suite order (q6 skipped, as Flink's Nexmark). */
export const QUERY_NAMES: readonly QueryName[] = Object.freeze(Object.keys(BASELINES) as QueryName[]);
