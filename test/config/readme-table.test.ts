// The README's configuration table and the config schema name the same variables, so neither drifts from the other.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/config.ts';
import { TASK_QUEUES } from '../../shared/task-queues.ts';

/** The first column of the table under "## Configuration", with `<QUEUE>` rows expanded to every queue. */
async function documented(): Promise<string[]> {
  const readme = await readFile(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration\n'), readme.indexOf('### Who may do what'));
  const names = [...section.matchAll(/^\| `([A-Z0-9_<>]+)`/gm)].map((m) => m[1]!);
  return names.flatMap((name) =>
    name.includes('<QUEUE>') ? Object.values(TASK_QUEUES).map((q) => name.replace('<QUEUE>', q.toUpperCase())) : [name],
  );
}

describe('README configuration table', () => {
  it('lists exactly the variables of the config schema', async () => {
    expect((await documented()).sort()).toEqual(Object.keys(configSchema.shape).sort());
  });
});
