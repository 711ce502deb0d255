// Word tokenising shared by caption and slide wrapping: where a line may break and where it must not.
const BREAKABLE_SPACE = /[^\S\u00A0\u202F]+/; // any whitespace except no-break spaces
const CLINGS_TO_PREVIOUS = /^[%‰.,:;!?…)\]}»”]/; // "60 %", "Ja !" and closing marks never start a line

/** Splits text into unbreakable tokens: words, with trailing units and punctuation kept on the preceding word. */
export function splitWords(text: string): string[] {
  const tokens: string[] = [];
  for (const token of text.split(BREAKABLE_SPACE).filter(Boolean)) {
    const last = tokens.length - 1;
    if (last >= 0 && CLINGS_TO_PREVIOUS.test(token)) tokens[last] += ` ${token}`;
    else tokens.push(token);
  }
  return tokens;
}
