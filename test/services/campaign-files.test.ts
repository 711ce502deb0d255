import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../campaign/problems.ts';
import type { Problem } from '../../campaign/problems.ts';
import { validateCampaignSources, validateCampaignTexts } from '../../services/campaign-files.ts';
import { loadCampaign } from '../../cli/load-campaign.ts';
import { InputError } from '../../shared/errors.ts';
import { EXAMPLE_DIR, EXAMPLE_ENV, EXAMPLE_TODAY, exampleText } from '../segments/helpers.ts';

const MEASLES_DIR = join(import.meta.dirname, '../../examples/measles-catch-up');

/** The example's three files as an upload would bring them, each edited by `edit`. */
function texts(
  edit: { campaign?: (t: string) => string; segments?: (t: string) => string; claims?: (t: string) => string } = {},
) {
  const same = (t: string) => t;
  return {
    campaign: { path: 'campaign.yaml', text: (edit.campaign ?? same)(exampleText('campaign.yaml')) },
    segments: { path: 'segments.csv', text: (edit.segments ?? same)(exampleText('segments.csv')) },
    claims: { path: 'claims.yaml', text: (edit.claims ?? same)(exampleText('claims.yaml')) },
  };
}

const lines = (problems: Problem[]) => problems.map(formatProblem);
const diskReader = async (path: string) => readFile(path, 'utf8').catch(() => undefined);

describe('validateCampaignTexts', () => {
  it('loads the example campaign with no problem and no warning', () => {
    const result = validateCampaignTexts(texts(), EXAMPLE_ENV, { today: EXAMPLE_TODAY });
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.loaded?.segments).toHaveLength(7);
    expect(result.loaded?.brief.segmentsFile).toBe('segments.csv');
  });

  it('reports the problems of all three files in one run, each at its file, line and column', () => {
    const result = validateCampaignTexts(
      texts({
        campaign: (t) => t.replace("primaryColor: '#00507A'", 'primaryColor: blue').replace(/^video:/m, 'vidoe:'),
        segments: (t) => t.replace(',plain,1840,', ',simple,1840,').replace(',uk,plain,430,', ',ukr,plain,430,'),
        claims: (t) =>
          t.replace('status: withdrawn', 'status: retired').replace('date: 2025-09-15', 'date: 2025-13-15'),
      }),
      EXAMPLE_ENV,
      { today: EXAMPLE_TODAY },
    );
    expect(result.loaded).toBeUndefined();
    const shown = lines(result.problems);
    expect(shown).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^campaign\.yaml:\d+:\d+: branding\.primaryColor: must be a colour/),
        expect.stringMatching(/^campaign\.yaml:\d+:1: video: is missing; add it/),
        expect.stringMatching(/^campaign\.yaml:\d+:1: vidoe: /),
        expect.stringMatching(
          /^segments\.csv:2:\d+: reading_level 'simple' must be one of easy, plain, standard, professional/,
        ),
        expect.stringMatching(/^segments\.csv:6:\d+: language 'ukr' must be a two-letter/),
        expect.stringMatching(/^claims\.yaml:\d+:\d+: claims\[1\]\.source\.date: must be a real calendar date/),
        expect.stringMatching(/^claims\.yaml:\d+:\d+: claims\[15\]\.status: must be 'active' or 'withdrawn'/),
      ]),
    );
  });

  it('lists every unset environment variable, once each', () => {
    const result = validateCampaignTexts(texts(), {}, { today: EXAMPLE_TODAY });
    const shown = lines(result.problems);
    expect(shown).toHaveLength(3);
    for (const name of Object.keys(EXAMPLE_ENV)) {
      expect(shown).toContainEqual(expect.stringMatching(new RegExp(`environment variable ${name} is not set`)));
    }
  });

  it('refuses a concern no claim answers for the segment, naming the concern at its segments file line', () => {
    const result = validateCampaignTexts(
      texts({ segments: (t) => t.replace('"pregnancy;safety;child-protection"', '"pregnancy;safety;travel"') }),
      EXAMPLE_ENV,
      { today: EXAMPLE_TODAY },
    );
    expect(lines(result.problems)).toEqual([
      "segments.csv:4:1: segment 'pregnant': no current claim in 'de' answers its concern 'travel'; add a text in 'de' to a claim with topic 'travel' meant for its tags, or remove 'travel' from its concerns",
    ]);
    // The new concern also has no heading: a warning, since a generic heading is used.
    expect(lines(result.warnings)).toEqual([expect.stringMatching(/concern 'travel' has no heading in 'de'/)]);
  });

  it('does not count a claim meant for other audiences as an answer', () => {
    const result = validateCampaignTexts(
      texts({
        claims: (t) => t.replace('    topics: [timing]', '    topics: [timing]\n    audiences: [parents, adults]'),
      }),
      EXAMPLE_ENV,
      { today: EXAMPLE_TODAY },
    );
    expect(lines(result.problems)).toEqual([
      expect.stringMatching(
        /^segments\.csv:7:1: segment 'healthcare-workers': no current claim in 'de' answers its concern 'timing'/,
      ),
    ]);
  });

  it('warns at the segments file line when no tag of a segment has an audience phrase in its language', () => {
    const result = validateCampaignTexts(
      texts({ campaign: (t) => t.replace('  parents:\n    de: junge Eltern\n', '  parents:\n') }),
      EXAMPLE_ENV,
      { today: EXAMPLE_TODAY },
    );
    expect(result.problems).toEqual([]);
    expect(result.loaded).toBeDefined();
    expect(lines(result.warnings)).toEqual([
      "segments.csv:3:1: segment 'young-parents': none of its tags (parents) has an audience phrase in 'de', so videos name the group by its label; add audiences.<tag>.de to the campaign file",
    ]);
  });

  it('checks that a concern naming a myth points at a current claim with the myth in every language it needs', () => {
    const campaign = (t: string) => t.replace('  safety:\n', '  safety:\n    myth: flu-pregnancy-safety\n');
    const noMyth = validateCampaignTexts(texts({ campaign }), EXAMPLE_ENV, { today: EXAMPLE_TODAY });
    const mythLine = exampleText('campaign.yaml').split('\n').indexOf('  safety:') + 2;
    expect(lines(noMyth.problems)).toEqual([
      `campaign.yaml:${mythLine}:11: concerns.safety.myth: claim 'flu-pregnancy-safety' has no myth; add myth.text and myth.whyWrong to it in the claims file`,
    ]);

    const onlyGerman = (t: string) =>
      t.replace(
        '    topics: [pregnancy, safety]',
        '    topics: [pregnancy, safety]\n    myth:\n      text:\n        de: Ein Irrtum.\n      whyWrong:\n        de: Weil.',
      );
    const partial = validateCampaignTexts(texts({ campaign, claims: onlyGerman }), EXAMPLE_ENV, {
      today: EXAMPLE_TODAY,
    });
    expect(lines(partial.problems)).toEqual([
      `campaign.yaml:${mythLine}:11: concerns.safety.myth: claim 'flu-pregnancy-safety' has no myth in 'uk', which a segment listing 'safety' speaks; add myth.text.uk and myth.whyWrong.uk to the claim`,
    ]);

    const unknown = validateCampaignTexts(
      texts({ campaign: (t) => campaign(t).replace('myth: flu-pregnancy-safety', 'myth: covid-vaccine-jn1-2024') }),
      EXAMPLE_ENV,
      { today: EXAMPLE_TODAY },
    );
    expect(lines(unknown.problems)).toContainEqual(
      expect.stringMatching(
        /concerns\.safety\.myth: claim 'covid-vaccine-jn1-2024' is withdrawn or out of its validity dates/,
      ),
    );
  });

  it('names a file that was not given at the campaign field naming it', () => {
    const { campaign, claims } = texts();
    const result = validateCampaignTexts({ campaign, claims }, EXAMPLE_ENV, { today: EXAMPLE_TODAY });
    expect(lines(result.problems)).toEqual([
      expect.stringMatching(/^campaign\.yaml:\d+:11: segments: the file named here \(segments\.csv\) was not given/),
    ]);
  });
});

describe('validateCampaignTexts on hostile or empty files', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
    .concat(['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcd'[i]}`).join(', ')}]`))
    .join('\n');

  it('reports an alias bomb, an empty file and a second document as problems instead of throwing', () => {
    const result = validateCampaignTexts(
      {
        campaign: { path: 'campaign.yaml', text: bomb },
        segments: { path: 'segments.csv', text: '' },
        claims: { path: 'claims.yaml', text: 'claims: []\n---\nclaims: []\n' },
      },
      {},
    );
    expect(lines(result.problems)).toEqual([
      'campaign.yaml:1:1: uses too many YAML aliases (*name); write the repeated values out instead',
      expect.stringMatching(/^segments\.csv:1:1: the file is empty/),
      expect.stringMatching(/^claims\.yaml:\d+:\d+: the file holds more than one YAML document/),
    ]);
  });

  it('says a file that is a list or plain text must be a map of fields', () => {
    const { campaign, segments } = texts();
    const result = validateCampaignTexts(
      { campaign, segments, claims: { path: 'claims.yaml', text: '- a\n' } },
      EXAMPLE_ENV,
    );
    expect(lines(result.problems)).toEqual([
      'claims.yaml:1:1: (top level): the file must be a YAML map of fields (`name: value` lines), not empty, a list or plain text',
    ]);
  });
});

describe('validateCampaignSources', () => {
  it('still checks the segments and claims files beside a campaign file with a YAML syntax error', async () => {
    const path = join(EXAMPLE_DIR, 'campaign.yaml');
    const broken = exampleText('campaign.yaml').replace('name: autumn-vaccination-2026', 'name: [autumn');
    const reader = async (p: string) =>
      p.endsWith('claims.yaml')
        ? exampleText('claims.yaml').replace('status: withdrawn', 'status: gone')
        : diskReader(p);
    const result = await validateCampaignSources({ path, text: broken }, reader, EXAMPLE_ENV);
    const shown = lines(result.problems);
    expect(shown[0]).toMatch(/campaign\.yaml:\d+:\d+: YAML syntax error/);
    expect(shown).toContainEqual(expect.stringMatching(/claims\.yaml:\d+:\d+: claims\[15\]\.status: /));
  });

  it('validates the second example campaign without a problem or warning', async () => {
    const path = join(MEASLES_DIR, 'campaign.yaml');
    const text = await readFile(path, 'utf8');
    const result = await validateCampaignSources({ path, text }, diskReader, {}, { today: EXAMPLE_TODAY });
    expect(lines(result.problems)).toEqual([]);
    expect(lines(result.warnings)).toEqual([]);
  });
});

describe('loadCampaign', () => {
  it('throws one InputError listing every problem, one per line', async () => {
    const error = await loadCampaign(join(EXAMPLE_DIR, 'campaign.yaml'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message.split('\n')).toHaveLength(3);
  });
});
