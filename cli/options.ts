// Options shared by several commands, checked when the command line is parsed so a bad value costs nothing.
import { type Command, InvalidArgumentError, Option } from 'commander';
export { READING_LEVELS } from '../shared/types.ts';

/** A SHA-256 as the API names script and video versions: 64 lowercase hex characters. */
export function parseSha256(value: string): string {
  if (!/^[0-9a-f]{64}$/.test(value)) {
    throw new InvalidArgumentError('It must be a SHA-256, 64 hex characters, as `klartext review show` prints it.');
  }
  return value;
}

export const shaOption = (what: string) =>
  new Option('--sha <sha256>', `the ${what} you reviewed (64 hex characters)`).argParser(parseSha256);

const mandatory = new WeakSet<Option>();

/**
 * Marks an option the command cannot do without. Checked by {@link checkRequired} after unknown options and
 * arguments (commander's own check comes first), so a mistyped `--sah` is named as what it is.
 */
export function required(option: Option): Option {
  mandatory.add(option);
  return option;
}

/** A `preAction` hook: refuses the command line when a {@link required} option is missing. */
export function checkRequired(_root: Command, cmd: Command): void {
  for (const o of cmd.options) {
    if (mandatory.has(o) && cmd.getOptionValue(o.attributeName()) === undefined) {
      cmd.error(`required option '${o.flags}' not specified`, { exitCode: 2 });
    }
  }
}

/** `--scene N=text`, repeatable: a comment on scene N, counted from 1. */
export function collectScene(value: string, previous: string[] = []): string[] {
  if (!/^[1-9]\d*=./s.test(value)) throw new InvalidArgumentError('It must be N=text, with N the scene number from 1.');
  return [...previous, value];
}

export const jsonOption = () => new Option('--json', 'print one JSON document on stdout');

/** A value from a fixed list: commander refuses anything else and names the allowed values. */
export const choiceOption = (flags: string, description: string, choices: readonly string[]) =>
  new Option(flags, description).choices(choices);

/** `--api-url` and `--token`, for commands that talk to the klartext API; they win over the environment. */
export function addApiOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--api-url <url>', 'the klartext API (default: KLARTEXT_API_URL, or the running dev stack)'))
    .addOption(
      new Option('--token <token>', 'act with this API token (default: KLARTEXT_API_TOKEN; a flag shows in `ps`)'),
    );
}

/** One worked example under the command's help. */
export function example(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText('after', `\nExample:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Commander's parser for a whole-number option of at least 1. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('It must be a whole number of at least 1.');
  return n;
}
