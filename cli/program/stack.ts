// Commands that run klartext itself or check its input: demo, dev, serve, worker, migrate, validate.
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
      .command('serve')
      .description('serve the API and reviewer workspace only, joining a deployment (TEMPORAL_ADDRESS, DATABASE_URL)')
      .action(act(async () => (await import('../commands/serve.ts')).runServe())),
    'TEMPORAL_ADDRESS=temporal:7233 DATABASE_URL=postgres://… KLARTEXT_HTTP_HOST=0.0.0.0 klartext serve',
  );
  example(
    program
      .command('worker')
      .description('run a worker only, joining a deployment (needs TEMPORAL_ADDRESS and DATABASE_URL)')
      .option('--queues <list>', 'task queues to poll, comma-separated (orchestration,llm,video,publish; default all)')
      .action(
        act(async (opts: { queues?: string }) => {
          // The worker routes the SDK's logs into its own JSON logger (worker/main.ts), not the console.
          return (await import('../commands/worker.ts')).runWorker(opts, io.env);
        }),
      ),
    'TEMPORAL_ADDRESS=temporal:7233 DATABASE_URL=postgres://… klartext worker --queues llm,publish',
  );
  example(
    program
      .command('migrate')
      .description(
        "apply the release's database migrations to DATABASE_URL (once per upgrade, before serve and worker)",
      )
      .addOption(jsonOption())
      .action(act(async (opts: { json?: boolean }) => (await import('../commands/migrate.ts')).runMigrate(opts, io))),
    'DATABASE_URL=postgres://… klartext migrate',
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
