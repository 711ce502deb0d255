// Tests for reading outbound HTTP answers: Retry-After values and permanent statuses.
import { describe, expect, it } from 'vitest';
import { isPermanentStatus, parseRetryAfter } from '../../http/retry-after.ts';

describe('parseRetryAfter', () => {
  const now = new Date('2026-10-01T08:00:00.000Z');

  it('reads delay seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
  });

  it('reads an HTTP date as seconds from now', () => {
    expect(parseRetryAfter('Thu, 01 Oct 2026 08:00:30 GMT', now)).toBe(30);
  });

  it('reads an HTTP date in the past as zero', () => {
    expect(parseRetryAfter('Thu, 01 Oct 2026 07:00:00 GMT', now)).toBe(0);
  });

  it.each([null, '', 'soon', '-5'])('returns undefined for %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('isPermanentStatus', () => {
  it.each([400, 401, 403, 404, 410, 422])('takes %i as permanent', (status) => {
    expect(isPermanentStatus(status)).toBe(true);
  });

  it.each([200, 302, 408, 429, 500, 503])('takes %i as not permanent', (status) => {
    expect(isPermanentStatus(status)).toBe(false);
  });

  it('takes the statuses a service also retries as not permanent', () => {
    expect(isPermanentStatus(409)).toBe(true);
    expect(isPermanentStatus(409, [409])).toBe(false);
  });
});
