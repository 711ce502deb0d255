// Commands for reviewers: review list|show|approve|request-changes|reject|accept-video|request-rerender|sign-off, scripts show.
import type { Command } from 'commander';
import type { Io } from '../context.ts';
import type { DecisionOptions, ScriptDecision, VideoDecision } from '../commands/review.ts';
import { InvalidArgumentError, Option } from 'commander';
import { EDIT_SYNTAX, parseEdit } from '../../shared/script-edits.ts';
import { addApiOptions, collectScene, example, jsonOption, positiveInt, required, shaOption } from '../options.ts';
import type { Act } from '../context.ts';

type Reading = { json?: boolean };

const DECISIONS: { name: ScriptDecision | VideoDecision; about: string; example: string }[] = [
  {
    name: 'approve',
    about: 'sign a script as medically accurate (your password, piped in, is the signature)',
    example: 'klartext review approve flu-2026 seniors --sha 3f2a… --password-stdin < password-file',
  },
  {
    name: 'request-changes',
    about: 'send a script back for another round, with comments',
    example:
      'klartext review request-changes flu-2026 seniors --sha 3f2a… --scene 2="Too fast" --edit "shorten 2.1 claim-id" --edit "drop 4"',
  },
  {
    name: 'reject',
    about: 'reject a script for good',
    example: 'klartext review reject flu-2026 seniors --sha 3f2a… --comment "Not for this audience"',
  },
  {
    name: 'accept-video',
    about: 'sign that a rendered video presents the approved script (password piped in)',
    example: 'klartext review accept-video flu-2026 seniors --sha 9c41… --password-stdin < password-file',
  },
  {
    name: 'request-rerender',
    about: 'ask for the video to be rendered again, with a comment',
    example: 'klartext review request-rerender flu-2026 seniors --sha 9c41… --comment "Captions drift in scene 3"',
  },
];

export function registerReview(program: Command, act: Act, io: Io): void {
  const review = program.command('review').description('medical review of scripts and videos from a terminal');
  const impl = () => import('../commands/review.ts');
  example(
    review
      .command('list')
      .description('what waits for your review, oldest first (every page, or the first --limit items)')
      .addOption(jsonOption())
      .addOption(new Option('--limit <n>', 'list at most this many items').argParser(positiveInt))
      .action(act(async (opts: Reading & { limit?: number }) => (await impl()).reviewList(opts, io))),
    'klartext review list',
    'klartext review list --limit 20',
  );
  example(
    review
      .command('show')
      .description('a script with its claims, sources and findings')
      .argument('<campaignId>')
      .argument('<segmentId>')
      .addOption(jsonOption())
      .action(act(async (c: string, s: string, opts: Reading) => (await impl()).reviewShow(c, s, opts, io))),
    'klartext review show flu-2026-20261101-3f2a seniors',
  );
  for (const d of DECISIONS) {
    const video = d.name === 'accept-video' || d.name === 'request-rerender';
    const cmd = review
      .command(d.name)
      .description(d.about)
      .argument('<campaignId>')
      .argument('<segmentId>')
      .addOption(required(shaOption(video ? 'video' : 'script version')))
      .option('--comment <text>', 'your comment, kept with the decision');
    if (!video && d.name !== 'approve')
      cmd.option('--scene <N=text>', 'a comment on scene N (repeatable)', collectScene);
    if (d.name === 'request-changes') {
      cmd.option(
        '--edit <edit>',
        `a change the next version makes without a model (repeatable; scenes and sentences from 1): ${EDIT_SYNTAX.map((s) => s.split(/\s{2,}/)[0]).join(' | ')}`,
        collectEdit,
      );
    }
    if (d.name === 'approve' || d.name === 'accept-video') {
      cmd.option('--password-stdin', 'read your password from stdin: signing needs it re-entered');
    }
    cmd.action(
      act(async (c: string, s: string, opts: DecisionOptions) => (await impl()).reviewDecide(d.name, c, s, opts, io)),
    );
    example(cmd, d.example);
  }
  example(
    review
      .command('sign-off')
      .description("a language reviewer's or test reader's signed check of a script version (password piped in)")
      .argument('<campaignId>')
      .argument('<segmentId>')
      .addOption(required(new Option('--kind <kind>', 'which sign-off').choices(['language', 'test-reading'])))
      .addOption(required(shaOption('script version')))
      .option('--comment <text>', 'what you checked, kept with the sign-off')
      .option('--password-stdin', 'read your password from stdin: signing needs it re-entered')
      .action(
        act(async (c: string, s: string, opts: DecisionOptions & { kind: 'language' | 'test-reading' }) =>
          (await impl()).reviewSignOff(c, s, opts, io),
        ),
      ),
    'klartext review sign-off flu-2026 turkish-adults --kind language --sha 3f2a… --password-stdin < password-file',
  );
  const scripts = program.command('scripts').description('generated scripts');
  example(
    scripts
      .command('show')
      .description("a segment's current script with claims, sources and findings")
      .argument('<segmentId>')
      .option('--campaign <id>', 'the campaign (default: the newest with this segment)')
      .addOption(jsonOption())
      .action(
        act(async (segmentId: string, opts: Reading & { campaign?: string }) =>
          (await import('../commands/scripts.ts')).scriptsShow(segmentId, opts, io),
        ),
      ),
    'klartext scripts show seniors --json',
  );
  // Listed after each command's own options: they are the same everywhere.
  for (const cmd of [...review.commands, ...scripts.commands]) addApiOptions(cmd);
}

/** Collects `--edit` values, checked as they are read so a typo fails before anything is sent. */
function collectEdit(value: string, previous: string[] = []): string[] {
  try {
    parseEdit(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return [...previous, value];
}
