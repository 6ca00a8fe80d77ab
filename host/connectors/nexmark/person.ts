// Nexmark person generation: the new person created by a person event.

import type { NexmarkConfig } from "./config.js";
import { FIRST_PERSON_ID, lastBase0PersonId } from "./ids.js";
import type { Person } from "./model.js";
import type { SeededRandom } from "./random.js";
import { nextExtra, type LetterPool } from "./strings.js";

/** Reference `PersonGenerator.US_STATES`: few states so that q3's filter finds matches on small inputs. */
export const US_STATES: readonly string[] = Object.freeze(["AZ", "CA", "ID", "OR", "WA", "WY"]);
/** Reference `PersonGenerator.US_CITIES`. */
export const US_CITIES: readonly string[] = Object.freeze([
  "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne",
]);
/** Reference `PersonGenerator.FIRST_NAMES`. */
export const FIRST_NAMES: readonly string[] = Object.freeze([
  "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter",
]);
/** Reference `PersonGenerator.LAST_NAMES`. */
export const LAST_NAMES: readonly string[] = Object.freeze([
  "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris",
]);

/** `"0000"` .. `"9999"`, built on first use. */
let fourDigits: string[] | undefined;

function creditCard(random: SeededRandom): string {
  const t = (fourDigits ??= Array.from({ length: 10000 }, (_, i) => String(i).padStart(4, "0")));
  return t[random.nextInt(10000)]! + " " + t[random.nextInt(10000)]! + " " + t[random.nextInt(10000)]! + " " + t[random.nextInt(10000)]!;
}

/**
 * The person created by event `eventId` (reference `PersonGenerator.nextPerson`): id = last person id
 * + {@link FIRST_PERSON_ID}; name "First Last"; e-mail `<3..6 chars>@<3..4 chars>.com` (letters and inner spaces); credit card
 * four zero-padded groups; city and state uniform over the reference lists (independently, as the
 * reference); `extra` pads the record to `avgPersonByteSize` on average. `random` must be positioned at
 * the event's stream.
 *
 * @example
 * ```ts
 * import { nextPerson } from "./person.js";
 * import { DEFAULT_NEXMARK_CONFIG } from "./config.js";
 * import { SeededRandom } from "./random.js";
 * import { LetterPool } from "./strings.js";
 * const p = nextPerson(DEFAULT_NEXMARK_CONFIG, new SeededRandom().reset(0, 50), new LetterPool(0), 50, 0);
 * p.id; // 1001
 * ```
 */
export function nextPerson(
  config: NexmarkConfig,
  random: SeededRandom,
  pool: LetterPool,
  eventId: number,
  timestamp: number,
): Person {
  const id = lastBase0PersonId(config, eventId) + FIRST_PERSON_ID;
  const name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]! + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)]!;
  const emailAddress = pool.nextText(random, 7) + "@" + pool.nextText(random, 5) + ".com";
  const card = creditCard(random);
  const city = US_CITIES[random.nextInt(US_CITIES.length)]!;
  const state = US_STATES[random.nextInt(US_STATES.length)]!;
  const currentSize = 8 + name.length + emailAddress.length + card.length + city.length + state.length;
  const extra = nextExtra(random, pool, currentSize, config.avgPersonByteSize);
  return { id, name, emailAddress, creditCard: card, city, state, dateTime: timestamp, extra };
}
