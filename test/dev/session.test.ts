// Tests for the dev stack's session file: written for the owner only, read back, and gone once removed.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDevSession, writeDevSession } from '../../dev/session.ts';

describe('dev session file', () => {
  it('round-trips the session, readable by the owner only, until removed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'klartext-dev-session-'));
    const session = { apiUrl: 'http://127.0.0.1:8080', tokens: { manager: 'm', reviewer: 'r' } };
    const remove = await writeDevSession(dataDir, session);
    expect(statSync(join(dataDir, 'dev.json')).mode & 0o777).toBe(0o600);
    expect(await readDevSession(dataDir)).toEqual(session);
    await remove();
    expect(await readDevSession(dataDir)).toBeUndefined();
  });
});
