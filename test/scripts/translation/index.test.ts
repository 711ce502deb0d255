// The translation provider factory: none, DeepL, a model; and never the model that drafts the scripts.
import { describe, expect, it } from 'vitest';
import { createTranslationProvider } from '../../../scripts/translation/index.ts';
import { isDraftingModel } from '../../../shared/back-translation.ts';
import { loadConfig } from '../../../config/config.ts';
import { ConfigError } from '../../../shared/errors.ts';

const config = (env: Record<string, string>) => loadConfig({ ...env });
const build = (env: Record<string, string>) => {
  const c = config(env);
  return createTranslationProvider(c.translation, c.scripts);
};

describe('isDraftingModel', () => {
  it('takes a dated snapshot, as servers report it with a version, for the model it is', () => {
    expect(isDraftingModel('writer-1', { provider: 'openai', model: 'writer-1-2026-08-01' })).toBe(true);
    expect(isDraftingModel('writer-1', { provider: 'openai', model: 'writer-2' })).toBe(false);
    expect(isDraftingModel('writer-1', { provider: 'local', model: 'writer-1' })).toBe(false);
  });
});

describe('createTranslationProvider', () => {
  it('builds none by default', () => {
    expect(build({})).toBeUndefined();
  });

  it('builds DeepL with its key, and names the variable when the key is missing', () => {
    expect(build({ KLARTEXT_TRANSLATION_PROVIDER: 'deepl', DEEPL_API_KEY: 'k:fx' })?.name).toBe('deepl');
    expect(() => build({ KLARTEXT_TRANSLATION_PROVIDER: 'deepl' })).toThrow(/DEEPL_API_KEY/);
  });

  it('builds a model that is not the drafting model', () => {
    const provider = build({
      KLARTEXT_SCRIPT_PROVIDER: 'openai',
      KLARTEXT_SCRIPT_MODEL: 'writer-1',
      OPENAI_API_KEY: 'sk-test',
      KLARTEXT_TRANSLATION_PROVIDER: 'openai',
      KLARTEXT_TRANSLATION_MODEL: 'translator-1',
    });
    expect(provider).toMatchObject({ name: 'openai', model: 'translator-1' });
  });

  it('refuses at start to back-translate with the model that drafts the scripts, at any server', () => {
    const same = {
      KLARTEXT_SCRIPT_PROVIDER: 'openai',
      KLARTEXT_SCRIPT_MODEL: 'writer-1',
      OPENAI_API_KEY: 'sk-test',
      KLARTEXT_TRANSLATION_PROVIDER: 'openai',
      KLARTEXT_TRANSLATION_MODEL: 'Writer-1',
    };
    expect(() => build(same)).toThrow(ConfigError);
    expect(() => build(same)).toThrow(/is the model that drafts the scripts/);
    expect(() => build({ ...same, KLARTEXT_TRANSLATION_BASE_URL: 'https://other.example/v1' })).toThrow(ConfigError);
  });

  it('stops every process at configuration, before it connects anywhere', () => {
    const env = {
      KLARTEXT_SCRIPT_PROVIDER: 'openai',
      KLARTEXT_SCRIPT_MODEL: 'writer-1',
      KLARTEXT_TRANSLATION_PROVIDER: 'openai',
      KLARTEXT_TRANSLATION_MODEL: 'writer-1',
    };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/KLARTEXT_TRANSLATION_MODEL=writer-1 is the model that drafts the scripts/);
  });

  it('lets the drafting model’s name be used for translation when the local composer drafts', () => {
    expect(
      build({
        OPENAI_API_KEY: 'sk-test',
        KLARTEXT_TRANSLATION_PROVIDER: 'openai',
        KLARTEXT_TRANSLATION_MODEL: 'writer-1',
      }),
    ).toBeDefined();
  });

  it('refuses an unknown provider name with the variable named', () => {
    expect(() => config({ KLARTEXT_TRANSLATION_PROVIDER: 'google' })).toThrow(/KLARTEXT_TRANSLATION_PROVIDER/);
  });
});
