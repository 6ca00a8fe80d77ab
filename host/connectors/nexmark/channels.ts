// Nexmark bid channels and URLs: four hot channels plus 10 000 numbered ones, each with a fixed URL.

import { SeededRandom } from "./random.js";
import { nextString } from "./strings.js";

/** The hot channels a bid names with probability 1/2 (reference `BidGenerator.HOT_CHANNELS`, same order). */
export const HOT_CHANNELS: readonly string[] = Object.freeze(["Google", "Facebook", "Baidu", "Apple"]);
/** Number of other channels, `channel-0` .. `channel-9999` (reference `CHANNELS_NUMBER`). */
export const CHANNELS_NUMBER = 10_000;
/** A bid uses a hot channel when `nextInt(HOT_CHANNELS_RATIO) > 0` (reference `HOT_CHANNELS_RATIO = 2`). */
export const HOT_CHANNELS_RATIO = 2;

/** Java's `Integer.reverse`: the 32 bits of `x` in reverse order, as a signed 32-bit integer. */
export function reverseBits32(x: number): number {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return ((x >>> 16) | (x << 16)) | 0;
}

/**
 * The `channel_id` URL parameter of channel `n`: Java's `Math.abs(Integer.reverse(n))`, including its
 * overflow (`abs(Integer.MIN_VALUE)` stays negative, so channel 1 gets `-2147483648`).
 *
 * @example
 * ```ts
 * import { channelIdOf } from "./channels.js";
 * channelIdOf(2); // 1073741824
 * ```
 */
export function channelIdOf(n: number): number {
  const r = reverseBits32(n);
  return r === -2147483648 ? r : Math.abs(r);
}

/**
 * Channel names and URLs for one seed. A URL is `https://www.nexmark.com/<a>/<b>/<c>/item.htm?query=1`
 * with each of `a, b, c` three or four characters (letters, `_` with probability 1/13; reference
 * `BidGenerator.getBaseUrl` with `nextString(random, 5, '_')`); numbered channels add
 * `&channel_id=<channelIdOf(n)>` with probability 9/10. The reference draws these with fresh unseeded
 * `Random`s, so its URLs change per run; here they are a function of the seed and the channel, built lazily.
 *
 * @example
 * ```ts
 * import { ChannelTable } from "./channels.js";
 * const table = new ChannelTable(0);
 * table.name(17); // "channel-17"
 * table.url(17).startsWith("https://www.nexmark.com/"); // true
 * ```
 */
export class ChannelTable {
  private readonly seed: number;
  private readonly random = new SeededRandom();
  private readonly hotUrls: readonly string[];
  private readonly names: (string | undefined)[] = new Array<string | undefined>(CHANNELS_NUMBER);
  private readonly urls: (string | undefined)[] = new Array<string | undefined>(CHANNELS_NUMBER);

  constructor(seed: number) {
    this.seed = seed;
    // Stream ids below every event id (ids are >= 0) and below the numbered channels' streams.
    this.hotUrls = HOT_CHANNELS.map((_, i) => this.baseUrlParts(this.random.reset(seed, -1_000_000 - i)).join(""));
  }

  /** URL of hot channel `i` (`HOT_CHANNELS[i]`). */
  hotUrl(i: number): string {
    return this.hotUrls[i]!;
  }

  /** Name of numbered channel `n`: `channel-<n>`. */
  name(n: number): string {
    return (this.names[n] ??= "channel-" + n);
  }

  /** URL of numbered channel `n`. */
  url(n: number): string {
    let url = this.urls[n];
    if (url === undefined) {
      const random = this.random.reset(this.seed, -1 - n);
      const parts = this.baseUrlParts(random);
      if (random.nextInt(10) > 0) parts.push("&channel_id=", String(channelIdOf(n)));
      url = parts.join("");
      this.urls[n] = url;
    }
    return url;
  }

  /** The pieces of a base URL; joined at once so the URL is one flat string (fast to scan, as q21/q22 do). */
  private baseUrlParts(random: SeededRandom): string[] {
    return [
      "https://www.nexmark.com/",
      nextString(random, 5, "_"),
      "/",
      nextString(random, 5, "_"),
      "/",
      nextString(random, 5, "_"),
      "/item.htm?query=1",
    ];
  }
}
