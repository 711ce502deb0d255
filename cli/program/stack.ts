// Commands that run klartext itself or check its input: demo, dev, worker, validate.
import type { Command } from 'commander';
import type { Io } from '../context.ts';
import { example, jsonOption } from '../options.ts';
import type { Act } from '../context.ts';

/** Quiets the Temporal SDK's logging; must run before a worker or native connection exists. */
async function quietSdk(): Promise<void> {
  (await import('../../config/logging.ts')).installSdkLogger();
}

export function registerStack(program: Command, act: Act, io: Io): void {
  example(
    program
      .command('demo')
      .description('run a whole campaign on the embedded stack, reviewed by a labelled automated reviewer')
      .argument('[campaign.yaml]', 'the campaign to run (default: the shipped example)')
      .action(
        act(async (campaignFile?: string) => {
          await quietSdk();
          return (await import('../commands/demo.ts')).runDemo({ campaignFile });
        }),
      ),
    'klartext demo',
  );
  example(
    program
      .command('dev')
      .description('keep the embedded stack running (Temporal + Web UI, PGlite, API, worker) until Ctrl-C')
      .action(
        act(async () => {
          await quietSdk();
          return (await import('../commands/dev.ts')).runDev();
        }),
      ),
    'klartext dev',
  );
  example(
    program
      .command('worker')
      .description('run a worker only, joining a deployment (needs TEMPORAL_ADDRESS and DATABASE_URL)')
      .action(
        act(async () => {
          await quietSdk();
          return (await import('../commands/worker.ts')).runWorker();
        }),
      ),
    'TEMPORAL_ADDRESS=temporal:7233 DATABASE_URL=postgres://… klartext worker',
  );
  example(
    program
      .command('validate')
      .description("check a campaign's files together, without starting anything")
      .argument('<campaign.yaml>', 'the campaign file; its segments and claims files are read too')
      .addOption(jsonOption())
      .action(
        act(async (file: string, opts: { json?: boolean }) =>
          (await import('../commands/validate.ts')).validate(file, opts, io),
        ),
      ),
    'klartext validate examples/autumn-vaccination-2026/campaign.yaml --json',
  );
}
