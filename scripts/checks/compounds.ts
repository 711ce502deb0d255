// Dictionary split of German compounds: is a word made of known parts, so that Leichte Sprache wants it split?

/** Linking elements (Fugenelemente) that may stand between two parts: `Schwangerschaft·s·drittel`. */
const LINKS = ['', 's', 'es', 'n', 'en', 'er', 'e'];
/** Inflection endings after the last part: `Impf·termin·e`, `Kranken·kasse·n`. */
const ENDINGS = ['', 'e', 'en', 'n', 's', 'es', 'er', 'ern', 'nen'];
/** Shorter parts would split ordinary words at chance letters. */
const MIN_PART = 3;

/**
 * Splits a lower-case word into two or more known parts (Koehn & Knight's dictionary split), longest part first, and
 * returns the pieces as they stand in the word: a linking element stays with the part before it, the ending with the
 * last part (`schwangerschaftsdrittel` → `schwangerschafts`, `drittel`). A word that is itself a known part, with or
 * without an ending, is one word (`impfungen`). Undefined when the word is not a compound of known parts.
 */
export function splitCompound(word: string, parts: ReadonlySet<string>): string[] | undefined {
  const memo = new Map<number, number[] | null>();
  // The ends of the pieces from `start` to the end of the word, or null when the rest is no sequence of parts.
  const from = (start: number): number[] | null => {
    const known = memo.get(start);
    if (known !== undefined) return known;
    let found: number[] | null = null;
    for (let end = word.length; end >= start + MIN_PART && !found; end--) {
      if (!parts.has(word.slice(start, end))) continue;
      if (ENDINGS.includes(word.slice(end))) {
        found = [word.length];
        break;
      }
      for (const link of LINKS) {
        if (!word.startsWith(link, end)) continue;
        const rest = from(end + link.length);
        if (rest) {
          found = [end + link.length, ...rest];
          break;
        }
      }
    }
    memo.set(start, found);
    return found;
  };
  const ends = from(0);
  if (!ends || ends.length < 2) return undefined;
  return ends.map((end, i) => word.slice(i === 0 ? 0 : ends[i - 1], end));
}

/**
 * How Leichte Sprache writes a compound: with hyphens, every piece capitalised as a noun (`Impf-Termin`), or with
 * middle dots, the word's own case kept (`Impf·termin`). `pieces` are the lower-case pieces of {@link splitCompound}.
 */
export function splitSpellings(word: string, pieces: readonly string[]): { hyphen: string; middleDot: string } {
  const original: string[] = [];
  let at = 0;
  for (const piece of pieces) {
    original.push(word.slice(at, at + piece.length));
    at += piece.length;
  }
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const noun = /^\p{Lu}/u.test(word);
  return {
    hyphen: original.map((p, i) => (i === 0 || noun ? capital(p) : p)).join('-'),
    middleDot: original.join('·'),
  };
}
