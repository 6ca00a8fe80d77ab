// Nexmark prices: log-uniform between $1 and $1,000,000, in cents.

import type { SeededRandom } from "./random.js";

/**
 * A random price in cents, `round(10^(6u) * 100)` for uniform `u` in `[0, 1)`: log-uniform over
 * `[100, 100_000_000]` (reference `PriceGenerator.nextPrice`).
 *
 * @example
 * ```ts
 * import { nextPrice } from "./price.js";
 * import { SeededRandom } from "./random.js";
 * const cents = nextPrice(new SeededRandom().reset(0, 1)); // 100 <= cents <= 1e8
 * ```
 */
export function nextPrice(random: SeededRandom): number {
  return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
}
