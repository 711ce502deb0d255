import { describe, expect, it } from 'vitest';
import { parseClaimsFile } from '../../campaign/claims-file.ts';
import { EXAMPLE_DIR, exampleText, inputErrorMessage } from '../segments/helpers.ts';

const claim = (id: string, extra = '') => `  - id: ${id}
    text:
      de: Ein Satz.
      en: A sentence.
    topics: [safety]
    source:
      title: Source
      publisher: RKI
      url: https://www.rki.de/
      date: 2025-01-23
${extra}`;

describe('parseClaimsFile', () => {
  it('parses the example claims with all four languages for every claim', () => {
    const claims = parseClaimsFile(exampleText('claims.yaml'), `${EXAMPLE_DIR}/claims.yaml`);
    expect(claims.length).toBeGreaterThanOrEqual(12);
    for (const c of claims) expect(Object.keys(c.text).sort()).toEqual(['de', 'en', 'tr', 'uk']);
    expect(claims.find((c) => c.id === 'covid-vaccine-jn1-2024')?.status).toBe('withdrawn');
    expect(claims.find((c) => c.id === 'flu-vaccines-available-2025')).toMatchObject({
      status: 'active',
      validFrom: '2025-08-01',
      validUntil: '2026-03-31',
    });
  });

  it('defaults the status to active and joins folded text into one line', () => {
    const text = `claims:\n${claim('a')}`.replace('de: Ein Satz.', 'de: >\n        Ein\n        Satz.');
    const [parsed] = parseClaimsFile(text, 'claims.yaml');
    expect(parsed).toMatchObject({ id: 'a', status: 'active', text: { de: 'Ein Satz.', en: 'A sentence.' } });
  });

  it('refuses a duplicate id at the line of the second one, naming the first', () => {
    const text = `claims:\n${claim('same')}${claim('same')}`;
    expect(inputErrorMessage(() => parseClaimsFile(text, 'claims.yaml'))).toBe(
      "claims.yaml:12:9: claim id 'same' is already used on line 2; give this claim a new id",
    );
  });

  it('refuses a malformed date at its line', () => {
    const text = `claims:\n${claim('a')}`.replace('date: 2025-01-23', 'date: 23.01.2025');
    expect(inputErrorMessage(() => parseClaimsFile(text, 'claims.yaml'))).toBe(
      'claims.yaml:11:13: claims[0].source.date: must be a real calendar date written as YYYY-MM-DD',
    );
  });

  it('refuses an impossible calendar date', () => {
    const text = `claims:\n${claim('a', '    validFrom: 2026-02-30\n')}`;
    expect(inputErrorMessage(() => parseClaimsFile(text, 'claims.yaml'))).toMatch(
      /^claims\.yaml:12:16: claims\[0\]\.validFrom: must be a real calendar date/,
    );
  });

  it('refuses validUntil that is not after validFrom', () => {
    const text = `claims:\n${claim('a', '    validFrom: 2026-09-01\n    validUntil: 2026-08-31\n')}`;
    expect(inputErrorMessage(() => parseClaimsFile(text, 'claims.yaml'))).toBe(
      'claims.yaml:13:17: claims[0].validUntil: must be after validFrom',
    );
  });

  it('refuses an unknown status and a claim without topics', () => {
    const text = `claims:\n${claim('a', '    status: draft\n')}`.replace('topics: [safety]', 'topics: []');
    const message = inputErrorMessage(() => parseClaimsFile(text, 'claims.yaml'));
    expect(message).toContain('claims.yaml:6:5: claims[0].topics: needs at least one topic');
    expect(message).toContain("claims.yaml:12:13: claims[0].status: must be 'active' or 'withdrawn'");
  });

  it('reports a YAML syntax error with its line and column', () => {
    const text = `claims:\n  - id: a\n    text: de: nested\n`;
    expect(inputErrorMessage(() => parseClaimsFile(text, 'claims.yaml'))).toMatch(
      /^claims\.yaml:3:\d+: YAML syntax error/,
    );
  });

  it('parses the optional short text, alternatives, audiences and myth of a claim', () => {
    const extra = `    shortText:
      de: Kurz.
    alternatives:
      en: [Another sentence., A third sentence.]
    audiences: [parents, age_60plus]
    myth:
      text:
        de: Ein Irrtum.
      whyWrong:
        de: Darum falsch.
`;
    const [parsed] = parseClaimsFile(`claims:\n${claim('a', extra)}`, 'claims.yaml');
    expect(parsed).toMatchObject({
      shortText: { de: 'Kurz.' },
      alternatives: { en: ['Another sentence.', 'A third sentence.'] },
      audiences: ['parents', 'age_60plus'],
      myth: { text: { de: 'Ein Irrtum.' }, whyWrong: { de: 'Darum falsch.' } },
    });
  });

  it('refuses wordings in a language the claim has no text in, and a myth without why it is wrong', () => {
    const extra = `    shortText:
      fr: Court.
    myth:
      text:
        de: Ein Irrtum.
        en: A myth.
      whyWrong:
        de: Darum falsch.
`;
    const message = inputErrorMessage(() => parseClaimsFile(`claims:\n${claim('a', extra)}`, 'claims.yaml'));
    expect(message.split('\n')).toEqual([
      "claims.yaml:13:11: claims[0].shortText.fr: has 'fr' but text has no 'fr'; add text.fr or remove this language",
      "claims.yaml:18:7: claims[0].myth.whyWrong: has no 'en' while myth.text has; a myth is only told with why it is wrong, add whyWrong.en",
    ]);
  });

  it('reports every problem of the file, not only the first', () => {
    const text = `claims:\n${claim('a', '    status: draft\n')}${claim('a')}`.replace('date: 2025-01-23', 'date: soon');
    const message = inputErrorMessage(() => parseClaimsFile(text, 'claims.yaml'));
    expect(message.split('\n')).toHaveLength(3);
  });
});
