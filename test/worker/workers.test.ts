// The workflow bundle's TypeScript rule: klartext's own files compile even when klartext is installed in node_modules.
import { describe, expect, it } from 'vitest';
import { isDependencyFile } from '../../worker/workers.ts';

describe('isDependencyFile', () => {
  const installed = '/app/node_modules/klartext';

  it('treats klartext’s own files as its own when it is installed under node_modules', () => {
    expect(isDependencyFile(`${installed}/workflows/segment.ts`, installed)).toBe(false);
  });

  it('treats files of klartext’s dependencies as dependencies', () => {
    expect(isDependencyFile(`${installed}/node_modules/some-lib/index.ts`, installed)).toBe(true);
    expect(isDependencyFile('/app/node_modules/other/index.ts', installed)).toBe(true);
  });

  it('treats a checkout’s own files as its own', () => {
    expect(isDependencyFile('/src/klartext/workflows/segment.ts', '/src/klartext')).toBe(false);
  });
});
