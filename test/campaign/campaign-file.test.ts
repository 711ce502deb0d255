import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseCampaignFile } from '../../campaign/campaign-file.ts';
import { EXAMPLE_DIR, EXAMPLE_ENV, exampleText, inputErrorMessage } from '../segments/helpers.ts';

const PATH = '/campaigns/demo/campaign.yaml';

const VALID = `name: demo
title: Demo
agency: Example agency
topic: Flu
callToAction:
  de: Jetzt impfen lassen.
branding:
  primaryColor: '#00507A'
  backgroundColor: '#FFFFFF'
  textColor: '#1B1B1B'
video:
  width: 1280
  height: 720
channels:
  - id: partner
    kind: webhook
    url: https://partner.example/hooks
    secret: whsec_dGVzdA==
segments: data/segments.csv
claims: /abs/claims.yaml
`;

describe('parseCampaignFile', () => {
  it('parses the example campaign and resolves its files relative to it', () => {
    const path = `${EXAMPLE_DIR}/campaign.yaml`;
    const brief = parseCampaignFile(exampleText('campaign.yaml'), path, EXAMPLE_ENV);
    expect(brief.name).toBe('autumn-vaccination-2026');
    expect(Object.keys(brief.callToAction).sort()).toEqual(['de', 'en', 'tr', 'uk']);
    expect(brief.video).toEqual({ width: 1280, height: 720 });
    expect(brief.review).toEqual({ approvalsRequired: 1, maxAutoRedrafts: 2 });
    expect(brief.channels).toEqual([
      {
        id: 'partner-webhook',
        kind: 'webhook',
        url: EXAMPLE_ENV.KLARTEXT_DEMO_WEBHOOK_URL,
        secret: EXAMPLE_ENV.KLARTEXT_DEMO_WEBHOOK_SECRET,
      },
      // A relative folder is resolved from the campaign file, like its data files.
      {
        id: 'cms-import-folder',
        kind: 'folder',
        directory: posix.join(EXAMPLE_DIR, '..', '..', 'out', 'cms-import'),
        renditions: ['portrait-open-captions'],
      },
      { id: 'partner-feed', kind: 'feed', token: EXAMPLE_ENV.KLARTEXT_DEMO_FEED_TOKEN },
    ]);
    expect(brief.segmentsFile).toBe(`${EXAMPLE_DIR}/segments.csv`);
    expect(brief.claimsFile).toBe(`${EXAMPLE_DIR}/claims.yaml`);
  });

  it('keeps absolute file paths and defaults the review settings', () => {
    const brief = parseCampaignFile(VALID, PATH, {});
    expect(brief.segmentsFile).toBe('/campaigns/demo/data/segments.csv');
    expect(brief.claimsFile).toBe('/abs/claims.yaml');
    expect(brief.review.approvalsRequired).toBe(1);
  });

  it('names file, line, column and variable when an environment variable is unset', () => {
    const text = exampleText('campaign.yaml');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('${KLARTEXT_DEMO_WEBHOOK_SECRET}')) + 1;
    const column = (lines[line - 1] ?? '').indexOf('${') + 1;
    const env = { KLARTEXT_DEMO_WEBHOOK_URL: EXAMPLE_ENV.KLARTEXT_DEMO_WEBHOOK_URL };
    const message = inputErrorMessage(() => parseCampaignFile(text, 'campaign.yaml', env));
    expect(message).toMatch(
      new RegExp(`^campaign\\.yaml:${line}:${column}: environment variable KLARTEXT_DEMO_WEBHOOK_SECRET is not set`),
    );
  });

  it('reports a type error at the line and column of the offending value', () => {
    const text = VALID.replace('width: 1280', "width: '1280px'");
    const message = inputErrorMessage(() => parseCampaignFile(text, PATH, {}));
    expect(message).toMatch(/^\/campaigns\/demo\/campaign\.yaml:12:10: video\.width: /);
    expect(message).toContain('expected number, received string');
  });

  it('points at the parent key when a required field is missing', () => {
    const text = VALID.replace('  height: 720\n', '');
    const message = inputErrorMessage(() => parseCampaignFile(text, PATH, {}));
    expect(message).toMatch(/^\/campaigns\/demo\/campaign\.yaml:11:1: video\.height: is missing; add it/);
  });

  it('takes renditions for the campaign and per channel, and names an unknown or repeated one at its line', () => {
    const text = VALID.replace('  height: 720\n', '  height: 720\n  renditions: [square]\n').replace(
      'secret: whsec_dGVzdA==\n',
      'secret: whsec_dGVzdA==\n    renditions: [portrait-open-captions]\n',
    );
    const brief = parseCampaignFile(text, PATH, {});
    expect(brief.video.renditions).toEqual(['square']);
    expect(brief.channels[0]).toMatchObject({ renditions: ['portrait-open-captions'] });
    const unknown = text.replace('renditions: [square]', 'renditions: [vertical, square]');
    expect(inputErrorMessage(() => parseCampaignFile(unknown, PATH, {}))).toMatch(
      /campaign\.yaml:14:16: video\.renditions\[0\]: must be one of landscape, landscape-open-captions, portrait,/,
    );
    const twice = text.replace('renditions: [portrait-open-captions]', 'renditions: [square, square]');
    expect(inputErrorMessage(() => parseCampaignFile(twice, PATH, {}))).toMatch(
      /campaign\.yaml:20:5: channels\[0\]\.renditions: must name each rendition once/,
    );
  });

  it('points at the key of an unknown field', () => {
    const text = VALID.replace('topic: Flu\n', 'topic: Flu\ncolour: blue\n');
    expect(inputErrorMessage(() => parseCampaignFile(text, PATH, {}))).toMatch(/^[^:]+:5:1: colour: /);
  });

  it('refuses a secret without the whsec_ prefix without echoing it', () => {
    const text = VALID.replace('whsec_dGVzdA==', 'hunter2secret');
    const message = inputErrorMessage(() => parseCampaignFile(text, PATH, {}));
    expect(message).toMatch(/:18:13: channels\[0\]\.secret: must be a Standard Webhooks secret/);
    expect(message).not.toContain('hunter2secret');
  });

  it('refuses a channel URL that is not http or https', () => {
    const text = VALID.replace('https://partner.example/hooks', 'ftp://partner.example/hooks');
    expect(inputErrorMessage(() => parseCampaignFile(text, PATH, {}))).toMatch(
      /:17:10: channels\[0\]\.url: must be an http/,
    );
  });

  it('refuses a webhook URL with credentials or plain http to another host, at its line and column', () => {
    const withUser = VALID.replace('https://partner.example/hooks', 'https://user:pw@partner.example/hooks');
    const message = inputErrorMessage(() => parseCampaignFile(withUser, PATH, {}));
    expect(message).toMatch(/:17:10: channels\[0\]\.url: carries credentials/);
    expect(message).not.toContain('pw@');
    const plain = VALID.replace('https://partner.example/hooks', 'http://partner.example/hooks');
    expect(inputErrorMessage(() => parseCampaignFile(plain, PATH, {}))).toMatch(
      /:17:10: channels\[0\]\.url: uses plain http; use https/,
    );
    const local = VALID.replace('https://partner.example/hooks', 'http://127.0.0.1:9/hooks');
    expect(parseCampaignFile(local, PATH, {}).channels).toHaveLength(1);
  });

  it('refuses a folder directory in /proc or with ".." in an absolute path, at its line and column', () => {
    const folder = (dir: string) =>
      VALID.replace('segments: data', `  - id: drop\n    kind: folder\n    directory: ${dir}\nsegments: data`);
    expect(inputErrorMessage(() => parseCampaignFile(folder('/proc/self'), PATH, {}))).toMatch(
      /:21:16: channels\[1\]\.directory: must not be inside \/proc, \/sys or \/dev; .*KLARTEXT_FOLDER_CHANNEL_ROOTS/,
    );
    expect(inputErrorMessage(() => parseCampaignFile(folder('../../../../dev/shm'), PATH, {}))).toMatch(
      /:21:16: channels\[1\]\.directory: must not be inside/,
    );
    expect(inputErrorMessage(() => parseCampaignFile(folder('/srv/out/../../etc'), PATH, {}))).toMatch(
      /:21:16: channels\[1\]\.directory: must not contain "\.\." segments/,
    );
    expect(parseCampaignFile(folder('../out/drop'), PATH, {}).channels[1]).toMatchObject({
      directory: '/campaigns/out/drop',
    });
  });

  it('refuses text and background colours below WCAG AA contrast', () => {
    const text = VALID.replace("textColor: '#1B1B1B'", "textColor: '#AAAAAA'");
    const message = inputErrorMessage(() => parseCampaignFile(text, PATH, {}));
    expect(message).toMatch(/:10:14: branding\.textColor: has contrast 2\.32:1 .*WCAG AA needs 4\.5:1/);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const text = VALID.replace('topic: Flu', 'topic: [Flu');
    expect(inputErrorMessage(() => parseCampaignFile(text, PATH, {}))).toMatch(
      /^\/campaigns\/demo\/campaign\.yaml:\d+:\d+: YAML syntax error: /,
    );
  });
});

describe('contrastRatio', () => {
  it('gives 21 for black on white and 1 for equal colours', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#00507A', '#00507A')).toBe(1);
  });

  it('parses audience phrases, concern headings and myths, and wording overrides', () => {
    const text = VALID.replace(
      'channels:',
      `audiences:
  parents:
    de: junge Eltern
concerns:
  safety:
    heading:
      de: Ist das sicher?
    myth: some-claim
wording:
  de:
    greeting: Hallo, {audience}!
channels:`,
    );
    const brief = parseCampaignFile(text, PATH, {});
    expect(brief.audiences).toEqual({ parents: { de: 'junge Eltern' } });
    expect(brief.concerns).toEqual({ safety: { heading: { de: 'Ist das sicher?' }, myth: 'some-claim' } });
    expect(brief.wording).toEqual({ de: { greeting: 'Hallo, {audience}!' } });
  });

  it('takes a Lucide icon name as a concern pictogram and refuses an unknown one at its line, naming the nearest', () => {
    const withIcon = (icon: string) =>
      VALID.replace('channels:', `concerns:\n  safety:\n    icon: ${icon}\n    heading:\n      de: Sicher?\nchannels:`);
    expect(parseCampaignFile(withIcon('shield-check'), PATH, {}).concerns).toEqual({
      safety: { icon: 'shield-check', heading: { de: 'Sicher?' } },
    });
    const message = inputErrorMessage(() => parseCampaignFile(withIcon('syringes'), PATH, {}));
    expect(message).toMatch(
      new RegExp(`^${PATH}:16:11: concerns\\.safety\\.icon: 'syringes' is not a Lucide icon; did you mean 'syringe'`),
    );
    expect(inputErrorMessage(() => parseCampaignFile(withIcon('Shield'), PATH, {}))).toMatch(
      /:16:11: concerns\.safety\.icon: must be an icon name/,
    );
  });

  it('refuses a heading too long for the screen, an unknown placeholder and an unknown wording key, all at once', () => {
    const text = VALID.replace(
      'channels:',
      `concerns:
  safety:
    heading:
      de: ${'x'.repeat(61)}
wording:
  de:
    greeting: Hallo {name}
    outro: Tschüss
channels:`,
    );
    const message = inputErrorMessage(() => parseCampaignFile(text, PATH, {}));
    expect(message.split('\n')).toEqual([
      `${PATH}:17:11: concerns.safety.heading.de: must be at most 60 characters`,
      `${PATH}:21:5: wording.de.outro: is not a known field here; check its spelling and indentation, or remove it`,
      `${PATH}:20:15: wording.de.greeting: {name} is not replaced; only {audience} is (write the text, or use {audience})`,
    ]);
  });
});

describe('variants in campaign.yaml', () => {
  const withVariants = (block: string) =>
    VALID.replace('segments: data/segments.csv', `${block}segments: data/segments.csv`);
  const problems = (block: string) => inputErrorMessage(() => parseCampaignFile(withVariants(block), PATH, {}));

  it('takes a channel split naming the channels that get variant B', () => {
    const text = VALID.replace(
      'channels:\n',
      'channels:\n  - id: partner-b\n    kind: webhook\n    url: https://partner.example/b\n    secret: whsec_dGVzdA==\n',
    );
    const brief = parseCampaignFile(
      text.replace(
        'segments: data/segments.csv',
        'variants:\n  split: channel\n  channels: [partner-b]\n  b:\n    name: question-first\n    callToAction:\n      de: Fragen Sie Ihre Praxis.\nsegments: data/segments.csv',
      ),
      PATH,
      {},
    );
    expect(brief.variants).toEqual({
      split: 'channel',
      channels: ['partner-b'],
      b: { name: 'question-first', callToAction: { de: 'Fragen Sie Ihre Praxis.' } },
    });
  });

  it('names at their lines a channel that is not the campaign’s, one that leaves A no channel, and a stray switchAt', () => {
    const message = problems(
      "variants:\n  split: channel\n  channels: [elsewhere]\n  switchAt: '2027-01-01T00:00:00Z'\n  b:\n    name: q\n    instruction: Ask first.\n",
    );
    expect(message).toContain(`${PATH}:21:14: variants.channels[0]: 'elsewhere' is not one of the campaign's channels`);
    expect(message).toContain(`${PATH}:22:13: variants.switchAt: is for split: schedule; remove it`);
    expect(message).not.toContain('names every channel');
    const all = problems(
      'variants:\n  split: channel\n  channels: [partner]\n  b:\n    name: q\n    instruction: Ask.\n',
    );
    expect(all).toContain('variants.channels: names every channel of the campaign, so none would get variant A');
  });

  it('asks a schedule split for its switch time, with an offset, and variant B for something different', () => {
    expect(problems('variants:\n  split: schedule\n  b:\n    name: q\n')).toMatch(
      /campaign\.yaml:19:1: variants\.switchAt: is missing: say when variant B replaces variant A[\s\S]*variants\.b: says nothing different from variant A/,
    );
    expect(
      problems(
        "variants:\n  split: schedule\n  switchAt: '2027-01-01 00:00'\n  b:\n    name: q\n    instruction: Ask.\n",
      ),
    ).toMatch(/campaign\.yaml:21:13: variants\.switchAt: must be a date and time with an offset/);
    expect(
      problems(
        "variants:\n  split: schedule\n  switchAt: '2027-01-01T00:00:00+01:00'\n  b:\n    name: q\n    wording:\n      de:\n        greeting: 'Hallo {name}!'\n",
      ),
    ).toContain('variants.b.wording.de.greeting: {name} is not replaced; only {audience} is');
  });
});
