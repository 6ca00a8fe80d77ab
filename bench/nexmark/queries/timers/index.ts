// The windowed Nexmark queries written without the window API (keyed process functions and timers, the window
// operator's own technique): the jobs the suite ran before windows existed, kept to compare with the window API.

import type { QueryName } from "../../limit/index.js";
import type { NexmarkJob } from "../source.js";
import { q5Timers } from "./q5.js";
import { q7Timers } from "./q7.js";
import { q8Timers } from "./q8.js";
import { q11Timers } from "./q11.js";
import { q12Timers } from "./q12.js";

export { q5Timers, q7Timers, q8Timers, q11Timers, q12Timers };
export { windowStartOf } from "./window-start.js";

/** The timer-based variants, by query name. */
export const TIMER_JOBS: Readonly<Partial<Record<QueryName, NexmarkJob<unknown>>>> = Object.freeze({
  q5: q5Timers,
  q7: q7Timers,
  q8: q8Timers,
  q11: q11Timers,
  q12: q12Timers,
} as Partial<Record<QueryName, NexmarkJob<unknown>>>);
