// Nexmark random strings: names, descriptions, e-mail parts and the `extra` padding that sizes events.

import { SeededRandom } from "./random.js";

/** Shortest random string (reference `StringsGenerator.MIN_STRING_LENGTH`). */
export const MIN_STRING_LENGTH = 3;

/**
 * A random string of `3..maxLength-1` characters, each `special` with probability 1/13, else a lowercase
 * letter, trimmed of surrounding spaces (reference `StringsGenerator.nextString(random, maxLength, special)`;
 * Java's `trim` only ever removes the `' '` special).
 *
 * @example
 * ```ts
 * import { nextString } from "./strings.js";
 * import { SeededRandom } from "./random.js";
 * nextString(new SeededRandom().reset(1, 2), 5, "_"); // e.g. "qx_b"
 * ```
 */
export function nextString(random: SeededRandom, maxLength: number, special = " "): string {
  const len = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
  const specialCode = special.charCodeAt(0);
  const codes = CODES.length >= len ? CODES : (CODES = new Array<number>(len));
  for (let i = 0; i < len; i++) {
    // One draw decides both: `u % 13 == 0` (probability 1/13) picks the special character, else
    // `floor(u / 13) % 26` the letter (uniform up to a 2^-27 bias).
    const u = random.nextUint32();
    codes[i] = u % 13 === 0 ? specialCode : 97 + (Math.floor(u / 13) % 26);
  }
  const s = fromCodes(codes, len);
  return special === " " ? s.trim() : s;
}

/** Scratch buffer of char codes, grown on demand. */
let CODES: number[] = new Array<number>(128);

/**
 * A flat (sequential) string of `codes[0..len)`. Built in one piece rather than by `+=`, whose rope
 * results make later `charCodeAt`/`split` on the string several times slower.
 */
function fromCodes(codes: number[], len: number): string {
  if (len <= 32768) return String.fromCharCode.apply(null, codes.slice(0, len));
  const pieces: string[] = [];
  for (let i = 0; i < len; i += 32768) pieces.push(String.fromCharCode.apply(null, codes.slice(i, Math.min(len, i + 32768))));
  return pieces.join("");
}

/** A random string of exactly `length` lowercase letters (reference `nextExactString`). */
export function nextExactString(random: SeededRandom, length: number): string {
  const codes = CODES.length >= length ? CODES : (CODES = new Array<number>(length));
  for (let i = 0; i < length; i++) codes[i] = 97 + random.nextInt(26);
  return fromCodes(codes, length);
}

/**
 * Pools of random characters from which strings are cut: a string of length `n` is a pool's substring at
 * a random offset, so an event allocates one (sliced) string instead of building it character by
 * character. `letters` holds uniform lowercase letters (for `extra` paddings, as the reference's
 * `nextExactString`); `text` holds a space with probability 1/13, else a letter (as `nextString`). Each
 * cut string has the reference's per-character distribution; only strings of different events are
 * correlated (they may overlap in the pool). Other native ports of the generator cut paddings the same way.
 *
 * @example
 * ```ts
 * import { LetterPool } from "./strings.js";
 * import { SeededRandom } from "./random.js";
 * const pool = new LetterPool(7);
 * pool.take(new SeededRandom().reset(7, 1), 60).length; // 60
 * ```
 */
export class LetterPool {
  /** Pool length; strings up to half of it are cut from the pool, longer ones built directly. */
  static readonly SIZE = 16384;
  private readonly letters: string;
  private readonly text: string;

  constructor(seed: number) {
    // Stream ids outside the event id range (ids are >= 0).
    this.letters = nextExactString(new SeededRandom().reset(seed, -0x7fffffff), LetterPool.SIZE);
    const random = new SeededRandom().reset(seed, -0x7ffffffe);
    const codes = new Array<number>(LetterPool.SIZE);
    for (let i = 0; i < LetterPool.SIZE; i++) codes[i] = random.nextInt(13) === 0 ? 32 : 97 + random.nextInt(26);
    this.text = fromCodes(codes, LetterPool.SIZE);
  }

  /** `length` random letters drawn with `random`. */
  take(random: SeededRandom, length: number): string {
    if (length <= 0) return "";
    if (length > LetterPool.SIZE / 2) return nextExactString(random, length);
    const offset = random.nextInt(LetterPool.SIZE - length);
    return this.letters.substring(offset, offset + length);
  }

  /**
   * A random string of `3..maxLength-1` characters, each a space with probability 1/13 else a letter,
   * trimmed: `nextString(random, maxLength)`'s distribution, cut from the pool.
   */
  nextText(random: SeededRandom, maxLength: number): string {
    const length = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
    if (length > LetterPool.SIZE / 2) return nextString(random, maxLength);
    const offset = random.nextInt(LetterPool.SIZE - length);
    return this.text.substring(offset, offset + length).trim();
  }
}

/**
 * Padding such that `currentSize + padding.length` averages `desiredAverageSize`: empty when the record is
 * already larger, else uniform in `[avg - delta, avg + delta)` with `delta = round(0.2 * avg)` where
 * `avg = desiredAverageSize - currentSize` (reference `StringsGenerator.nextExtra`).
 */
export function nextExtra(random: SeededRandom, pool: LetterPool, currentSize: number, desiredAverageSize: number): string {
  if (currentSize > desiredAverageSize) return "";
  const average = desiredAverageSize - currentSize;
  const delta = Math.round(average * 0.2);
  const minSize = average - delta;
  const size = minSize + (delta === 0 ? 0 : random.nextInt(2 * delta));
  return pool.take(random, size);
}
