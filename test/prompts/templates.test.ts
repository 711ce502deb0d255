import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashTemplates, loadTemplates, TEMPLATE_NAMES } from '../../prompts/templates.ts';

describe('loadTemplates', () => {
  it('reads every template shipped with the composer', () => {
    const { sources, templateHash } = loadTemplates();
    expect(Object.keys(sources).sort()).toEqual([...TEMPLATE_NAMES].sort());
    expect(sources['claim-scene']).toContain('{{claimText}}');
    expect(templateHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for the same templates and a new one when a template changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'klartext-templates-'));
    cpSync(join(import.meta.dirname, '../../prompts/templates'), dir, { recursive: true });
    const original = loadTemplates();
    expect(loadTemplates(dir).templateHash).toBe(original.templateHash);
    writeFileSync(join(dir, 'cta.hbs'), `${original.sources.cta}\n`);
    expect(loadTemplates(dir).templateHash).not.toBe(original.templateHash);
  });
});

describe('hashTemplates', () => {
  it('does not depend on property order', () => {
    const a = { title: 't', intro: 'i', 'claim-scene': 'c', cta: 'x' };
    const b = { cta: 'x', 'claim-scene': 'c', intro: 'i', title: 't' };
    expect(hashTemplates(a)).toBe(hashTemplates(b));
  });
});
