// Tests for the script provider factory: the configured provider, or a ConfigError naming what is missing.
import { describe, expect, it } from 'vitest';
import { createScriptProvider } from '../../../scripts/providers/index.ts';
import { ConfigError } from '../../../shared/errors.ts';

const openai = { json: 'auto', timeoutMs: 1000 } as const;

describe('createScriptProvider', () => {
  it('builds the local composer by default', () => {
    expect(createScriptProvider({ provider: 'local', openai }).name).toBe('local');
  });

  it('refuses openai without a key and a model', () => {
    expect(() => createScriptProvider({ provider: 'openai', openai })).toThrow(ConfigError);
    expect(() => createScriptProvider({ provider: 'openai', openai: { ...openai, apiKey: 'sk-test' } })).toThrow(
      /KLARTEXT_SCRIPT_MODEL/,
    );
  });

  it('builds the openai provider when key and model are set', () => {
    const provider = createScriptProvider({ provider: 'openai', openai: { ...openai, apiKey: 'sk-test', model: 'm' } });
    expect(provider.name).not.toBe('local');
  });
});
