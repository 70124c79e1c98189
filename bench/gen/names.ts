/** Plausible package and file names from syllables, for the benchmark trees. */
import type { Prng } from "./prng.ts";

const SYLLABLES = (
  "ab ac al an ar ba be bi bo ca ce co cu da de di do el en er ex fa fi fo " +
  "ga ge gi go ha he hi in is ka ki la le li lo lu ma me mi mo na ne ni no " +
  "ob ol on or pa pe pi po qu ra re ri ro ru sa se si so st ta te ti to tr " +
  "un ur va ve vi xa ya yo za ze zo lib net ssl xml gtk py js"
).split(" ");

/** A name of one to `max` syllables, sometimes joined by a dash. */
export function nameOf(prng: Prng, max = 3): string {
  const count = 1 + prng.int(max);
  let name = "";
  for (let i = 0; i < count; i++) {
    if (i > 0 && prng.next() < 0.15) name += "-";
    name += prng.pick(SYLLABLES);
  }
  return name;
}
