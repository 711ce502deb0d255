import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/errors.ts';
import { loadConfig } from '../../config/config.ts';

describe('loadConfig', () => {
  it('reads KLARTEXT_NARRATION, auto by default', () => {
    expect(loadConfig({}).narration).toBe('auto');
    expect(loadConfig({ KLARTEXT_NARRATION: 'npm' }).narration).toBe('npm');
    expect(loadConfig({ KLARTEXT_NARRATION: 'silent' }).narration).toBe('silent');
  });

  it('refuses an unknown narration mode, naming the variable', () => {
    expect(() => loadConfig({ KLARTEXT_NARRATION: 'quiet' })).toThrow(ConfigError);
    expect(() => loadConfig({ KLARTEXT_NARRATION: 'quiet' })).toThrow(/KLARTEXT_NARRATION/);
  });
});
