// The command line exits only after its output has left: a large --json document through a pipe arrives whole.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const EXIT = join(import.meta.dirname, '..', '..', 'cli', 'exit.ts');

function runPiped(code: number, bytes: number) {
  const script = `import(${JSON.stringify(EXIT)}).then(({ exitAfterFlush }) => {
    process.stdout.write('x'.repeat(${bytes}));
    process.stderr.write('y'.repeat(${bytes}));
    exitAfterFlush(${code});
  });`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 64 << 20 });
}

describe('exitAfterFlush', () => {
  it('delivers 8 MiB on stdout and stderr through pipes before exiting with the code', () => {
    const out = runPiped(3, 8 << 20);
    expect(out.status).toBe(3);
    expect(out.stdout.length).toBe(8 << 20);
    expect(out.stderr.length).toBe(8 << 20);
  });

  it('exits with 0 after nothing was written', () => {
    expect(runPiped(0, 0).status).toBe(0);
  });
});
