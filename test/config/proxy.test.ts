// KLARTEXT_TRUST_PROXY and KLARTEXT_PUBLIC_URL: off by default, parsed when set, a bad public URL refused by name.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';

describe('loadConfig proxy settings', () => {
  it('trusts no proxy and knows no public URL by default', () => {
    expect(loadConfig({}, '/x').proxy).toEqual({ trustProxy: false, publicUrl: undefined });
  });

  it('reads KLARTEXT_TRUST_PROXY and KLARTEXT_PUBLIC_URL', () => {
    const config = loadConfig({ KLARTEXT_TRUST_PROXY: '1', KLARTEXT_PUBLIC_URL: 'https://klartext.example' }, '/x');
    expect(config.proxy).toEqual({ trustProxy: true, publicUrl: 'https://klartext.example' });
  });

  it('refuses a public URL that is not http(s), naming the variable', () => {
    expect(() => loadConfig({ KLARTEXT_PUBLIC_URL: 'ftp://klartext.example' }, '/x')).toThrow(/KLARTEXT_PUBLIC_URL/);
    expect(() => loadConfig({ KLARTEXT_TRUST_PROXY: 'yes' }, '/x')).toThrow(/KLARTEXT_TRUST_PROXY/);
  });
});
