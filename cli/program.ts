// The klartext command tree and how a command line ends: help and version exit 0, a usage error is one line, exit 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, type CommanderError } from 'commander';
import { UsageError, type Act, type Io } from './context.ts';
import { checkRequired } from './options.ts';
import { registerAdmin } from './program/admin.ts';
import { registerCampaign } from './program/campaign.ts';
import { registerFiles } from './program/files.ts';
import { registerReview } from './program/review.ts';
import { registerStack } from './program/stack.ts';

/** A usage error raised while parsing, with the command it concerns (for the `--help` hint). */
class CommandLineError extends Error {
  readonly failure: CommanderError;
  readonly command: Command;
  constructor(failure: CommanderError, command: Command) {
    super(failure.message);
    this.failure = failure;
    this.command = command;
  }
}

const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;

const commandPath = (cmd: Command): string => (cmd.parent ? `${commandPath(cmd.parent)} ${cmd.name()}` : cmd.name());

/** Every command in the tree, the root first. */
export function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

/** The whole command tree; `act` receives each command's exit code. */
export function buildProgram(act: Act, io: Io): Command {
  const program = new Command('klartext')
    .description('Anonymised population data in, medically signed-off public-health explainer videos out.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand(false)
    // Errors are reported once, by `run`, as one line; commander writes only help and the version.
    .configureOutput({ writeErr: () => {}, outputError: () => {} })
    .showSuggestionAfterError(true)
    .hook('preAction', checkRequired);
  program.addHelpText(
    'after',
    `
Commands that talk to the API find it through --api-url/--token, else KLARTEXT_API_URL/KLARTEXT_API_TOKEN,
else the running \`klartext dev\` (its session file in the data directory). KLARTEXT_DEBUG=1 shows stack traces.

Example:
  $ klartext validate examples/autumn-vaccination-2026/campaign.yaml
`,
  );
  registerStack(program, act, io);
  registerFiles(program, act, io);
  registerCampaign(program, act, io);
  registerReview(program, act, io);
  registerAdmin(program, act, io);
  for (const cmd of allCommands(program)) {
    cmd.exitOverride((failure) => {
      throw new CommandLineError(failure, cmd);
    });
  }
  return program;
}

/** One line saying what was wrong with the command line and where help is. */
function usageLine(err: CommandLineError): string {
  const path = commandPath(err.command);
  const what = err.failure.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  return `klartext: ${what} (see '${path} --help')`;
}

/**
 * Runs one command line and returns its exit code: 0 for help and version, 2 for a usage error (one line on stderr),
 * else the command's own code. Failures of the command itself are thrown for the caller to report.
 */
export async function run(argv: string[], io: Partial<Io> = {}): Promise<number> {
  let code = 0;
  const act: Act =
    (fn) =>
    async (...args) => {
      try {
        code = await fn(...args);
      } catch (err) {
        // Commander passes the command last; its `error` goes the same way as a parse error.
        if (err instanceof UsageError) (args.at(-1) as Command).error(err.message, { exitCode: 2 });
        throw err;
      }
    };
  const program = buildProgram(act, { env: io.env ?? process.env, stdin: io.stdin ?? process.stdin });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    if (err.failure.exitCode === 0) return 0;
    if (err.failure.code === 'commander.help') {
      // A group named without a subcommand; `klartext` alone shows the overview as it always has.
      if (!err.command.parent) {
        err.command.outputHelp();
        return 0;
      }
      const subs = err.command.commands.map((c) => c.name()).join(', ');
      console.error(
        `klartext: '${commandPath(err.command)}' needs a command: ${subs} (see '${commandPath(err.command)} --help')`,
      );
      return 2;
    }
    console.error(usageLine(err));
    return 2;
  }
}
