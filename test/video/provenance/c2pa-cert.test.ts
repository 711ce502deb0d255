// The development certificate chain is valid DER every time, whatever random serial number it draws.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_CERT_NAME, makeDevelopmentCredentialsPem } from '../../../video/provenance/c2pa-cert.ts';

const CERTS = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

describe('makeDevelopmentCredentialsPem', () => {
  it('writes a chain OpenSSL parses for every serial drawn (a leading zero octet once made it refuse one in ~250)', () => {
    // 600 chains: 1,200 serials; with the old encoding at least one would fail with near certainty (> 99 %).
    for (let i = 0; i < 600; i += 1) {
      const pem = makeDevelopmentCredentialsPem();
      const [leaf, root] = (pem.match(CERTS) ?? []).map((c) => new X509Certificate(c));
      expect(leaf?.subject).toContain(DEV_CERT_NAME);
      expect(leaf?.checkIssued(root!)).toBe(true);
      expect(/^[0-7]/.test(leaf!.serialNumber) && !/^00/.test(leaf!.serialNumber)).toBe(true);
    }
  });
});
