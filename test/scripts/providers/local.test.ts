import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../scripts/apply-edits.ts';
import { composeScript } from '../../../scripts/compose.ts';
import { createLocalProvider } from '../../../scripts/providers/local.ts';
import { loadTemplates } from '../../../prompts/templates.ts';
import { InputError } from '../../../shared/errors.ts';
import { EXAMPLE_TODAY, loadExample } from '../../segments/helpers.ts';

const example = loadExample();
const templates = loadTemplates();
const provider = createLocalProvider(templates);
const segment = example.segments[0]!;
const input = { brief: example.brief, segment, claims: example.claims, today: EXAMPLE_TODAY };

describe('createLocalProvider', () => {
  it('drafts the composer’s script with the composer templates’ hash and no model', async () => {
    const out = await provider.draft(input);
    expect(out).toEqual({
      script: composeScript({ ...input, templates: templates.sources }),
      provider: 'local',
      templateHash: templates.templateHash,
    });
    expect(provider.name).toBe('local');
  });

  it('recomposes the same script for a revision asked in words only, since the composer cannot rewrite text', async () => {
    const first = await provider.draft(input);
    const revised = await provider.draft({
      ...input,
      previous: first.script,
      reviewerComments: ['Scene 2: please say this more simply.'],
    });
    expect(revised.script).toEqual(first.script);
  });

  it('applies the reviewer’s edits to the version they read', async () => {
    const first = await provider.draft(input);
    const edits = [{ op: 'drop', scene: 1 }] as const;
    const revised = await provider.draft({ ...input, previous: first.script, edits: [...edits] });
    expect(revised.script).toEqual(applyEdits(first.script, edits, example.claims, segment.language));
    expect(revised.script.scenes).toHaveLength(first.script.scenes.length - 1);
  });

  it('returns the previous version as it is when asked to fix findings, keeping the reviewer’s edits', async () => {
    const first = await provider.draft(input);
    const edited = applyEdits(first.script, [{ op: 'drop', scene: 1 }], example.claims, segment.language);
    const revised = await provider.draft({
      ...input,
      previous: edited,
      findings: [{ code: 'sentence-too-long', severity: 'warning', scene: 2, sentence: 1, message: 'Too long' }],
    });
    expect(revised.script).toEqual(edited);
  });

  it('rejects with the composer’s InputError when no claim fits', async () => {
    await expect(provider.draft({ ...input, claims: [] })).rejects.toBeInstanceOf(InputError);
  });
});
