// `klartext campaign …` (alias `campaigns`): a campaign from its files to its end — validate, plan, launch, follow,
// steer, and who manages it.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ApiFlags } from '../api-target.ts';
import type { PlanOptions } from '../commands/campaign-plan.ts';
import type { ReasonOptions } from '../commands/campaign.ts';
import type { Act, Io } from '../context.ts';
import { addApiOptions, choiceOption, example, jsonOption, positiveInt, required } from '../options.ts';

type Reading = ApiFlags & { json?: boolean };

/** A positive number of seconds (fractions allowed, at least 0.05). */
function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.05) throw new InvalidArgumentError('It must be a number of seconds, e.g. 2 or 0.5.');
  return n;
}

const commandPath = (cmd: Command): string => (cmd.parent ? `${commandPath(cmd.parent)} ${cmd.name()}` : cmd.name());
const collect = (value: string, previous: string[] = []) => [...previous, value];
const reasonOption = (what: string) => required(new Option('--reason <text>', `why ${what} (audited)`));

export function registerCampaign(program: Command, act: Act, io: Io): void {
  const campaign = program
    .command('campaign')
    .alias('campaigns')
    .description(
      'run a campaign: validate, plan, launch, follow and steer it (as a campaign manager; alias: campaigns)',
    )
    // The usage line names the command as typed in every example, without commander's `campaign|campaigns`.
    .configureHelp({ commandUsage: (cmd) => `${commandPath(cmd)} ${cmd.usage()}` });
  const leaf = (group: Command, name: string, about: string) => group.command(name).description(about);
  const c = () => import('../commands/campaign.ts');
  const st = () => import('../commands/campaign-status.ts');

  example(
    leaf(campaign, 'validate', 'check the three files together; every problem with file:line:column, exit 1 on any')
      .argument('<campaign.yaml>')
      .addOption(jsonOption())
      .action(
        act(async (file: string, opts: { json?: boolean }) =>
          (await import('../commands/validate.ts')).validate(file, opts, io),
        ),
      ),
    'klartext campaign validate examples/measles-catch-up/campaign.yaml',
  );
  example(
    leaf(campaign, 'plan', 'what launching takes: scripts, videos, provider seconds, cost, time and every problem')
      .argument('<campaign.yaml>')
      .option('--prices <file>', 'a price table, YAML or JSON (default: KLARTEXT_PRICE_TABLE, else local prices: 0)')
      .addOption(choiceOption('--script-provider <name>', 'plan for this script provider', ['local', 'openai']))
      .addOption(
        choiceOption('--video-provider <name>', 'plan for this video provider', ['local', 'openai-videos', 'veo']),
      )
      .addOption(
        new Option(
          '--concurrency <renders>',
          'renders at once (default: KLARTEXT_QUEUE_VIDEO_CONCURRENCY, else 2: one video worker)',
        ).argParser(positiveInt),
      )
      .addOption(jsonOption())
      .action(
        act(async (file: string, opts: PlanOptions) =>
          (await import('../commands/campaign-plan.ts')).campaignPlan(file, opts, io),
        ),
      ),
    'klartext campaign plan examples/measles-catch-up/campaign.yaml --video-provider veo --prices prices.yaml',
  );
  example(
    leaf(campaign, 'launch', 'create the campaign from its files and start it; prints its id and what to do next')
      .argument('<campaign.yaml>')
      .option('--id <campaignId>', 'the campaign id (default: its name, the date and a random suffix)')
      .addOption(jsonOption())
      .action(act(async (file: string, opts: Reading & { id?: string }) => (await c()).campaignLaunch(file, opts, io))),
    'klartext campaign launch examples/measles-catch-up/campaign.yaml',
  );
  example(
    leaf(campaign, 'status', 'where every segment is: one table per stage and a progress bar')
      .argument('<campaignId>')
      .addOption(jsonOption())
      .action(act(async (id: string, opts: Reading) => (await st()).campaignStatus(id, opts, io))),
    'klartext campaign status my-campaign-20261207-0930-1a2b',
  );
  example(
    leaf(campaign, 'watch', 'follow the campaign until it ends (a terminal redraws; logs get one line per change)')
      .argument('<campaignId>')
      .addOption(new Option('--interval <seconds>', 'seconds between refreshes').argParser(seconds).default(2))
      .action(
        act(async (id: string, opts: ApiFlags & { interval: number }) => (await st()).campaignWatch(id, opts, io)),
      ),
    'klartext campaign watch my-campaign-20261207-0930-1a2b --interval 5',
  );
  example(
    leaf(campaign, 'outcomes', 'what channels reported per segment, channel and video; counts below k suppressed')
      .argument('<campaignId>')
      .addOption(new Option('--csv', 'print the CSV export on stdout').conflicts('json'))
      .addOption(jsonOption())
      .action(
        act(async (id: string, opts: Reading & { csv?: boolean }) =>
          (await import('../commands/campaign-outcomes.ts')).campaignOutcomes(id, opts, io),
        ),
      ),
    'klartext campaign outcomes my-campaign-20261207-0930-1a2b --csv > outcomes.csv',
  );
  example(
    leaf(campaign, 'variants', 'script variants A and B per segment: completion rates with 95 % intervals, no winner')
      .argument('<campaignId>')
      .addOption(jsonOption())
      .action(
        act(async (id: string, opts: Reading) =>
          (await import('../commands/campaign-variants.ts')).campaignVariants(id, opts, io),
        ),
      ),
    'klartext campaign variants my-campaign-20261207-0930-1a2b',
  );
  example(
    leaf(campaign, 'pause', 'start no new segment and submit no video job until resumed; reviews may go on')
      .argument('<campaignId>')
      .addOption(reasonOption('you pause'))
      .addOption(jsonOption())
      .action(act(async (id: string, opts: ReasonOptions) => (await c()).campaignPauseResume('pause', id, opts, io))),
    'klartext campaign pause my-campaign-20261207-0930-1a2b --reason "Waiting for the updated guidance"',
  );
  example(
    leaf(campaign, 'resume', 'go on where the paused campaign stopped')
      .argument('<campaignId>')
      .option('--reason <text>', 'why you resume (audited)')
      .addOption(jsonOption())
      .action(
        act(async (id: string, opts: Reading & { reason?: string }) =>
          (await c()).campaignPauseResume('resume', id, opts, io),
        ),
      ),
    'klartext campaign resume my-campaign-20261207-0930-1a2b',
  );
  example(
    leaf(campaign, 'budget', 'raise the seconds of generated footage the campaign may use (never below what is used)')
      .argument('<campaignId>')
      .addOption(
        required(new Option('--seconds <n>', 'the new budget in seconds of generated footage').argParser(positiveInt)),
      )
      .addOption(reasonOption('you raise it'))
      .addOption(jsonOption())
      .action(
        act(async (id: string, opts: ReasonOptions & { seconds: number }) => (await c()).campaignBudget(id, opts, io)),
      ),
    'klartext campaign budget my-campaign-20261207-0930-1a2b --seconds 600 --reason "Two more regions"',
  );
  example(
    leaf(campaign, 'cancel', 'stop the campaign and retract everything it published')
      .argument('<campaignId>')
      .addOption(reasonOption('you cancel; channels and citizens are shown it'))
      .addOption(jsonOption())
      .action(act(async (id: string, opts: ReasonOptions) => (await c()).campaignCancel(id, opts, io))),
    'klartext campaign cancel my-campaign-20261207-0930-1a2b --reason "Guidance withdrawn"',
  );
  example(
    leaf(campaign, 'retract', 'withdraw published videos on every channel: all of them, or the segments named')
      .argument('<campaignId>')
      .addOption(reasonOption('you retract; channels and citizens are shown it'))
      .addOption(new Option('--segment <segmentId>', 'only this segment (repeatable)').argParser(collect))
      .addOption(jsonOption())
      .action(
        act(async (id: string, opts: ReasonOptions & { segment?: string[] }) =>
          (await c()).campaignRetract(id, opts, io),
        ),
      ),
    'klartext campaign retract my-campaign-20261207-0930-1a2b --segment district-7-de --reason "Dose schedule changed"',
  );
  example(
    leaf(campaign, 'replace', "redo one published segment's video; the new one replaces it at every channel")
      .argument('<campaignId>')
      .argument('<segmentId>')
      .option('--reason <text>', 'why the video is redone (kept in the audit log)')
      .addOption(jsonOption())
      .action(
        act(async (id: string, segment: string, opts: Reading & { reason?: string }) =>
          (await c()).campaignReplace(id, segment, opts, io),
        ),
      ),
    'klartext campaign replace my-campaign-20261207-0930-1a2b district-7-de --reason "New dosing advice"',
  );

  const channels = campaign.command('channels').description("the campaign's delivery channels");
  example(
    leaf(channels, 'link', 'route the campaign to more existing channels; --backfill sends what is published already')
      .argument('<campaignId>')
      .argument('<channelId...>', 'ids of channels added with `klartext channels add`')
      .option('--backfill', 'deliver every endorsed published video of the campaign to them now')
      .addOption(jsonOption())
      .action(
        act(async (id: string, channelIds: string[], opts: Reading & { backfill?: boolean }) =>
          (await c()).campaignChannelsLink(id, channelIds, opts, io),
        ),
      ),
    'klartext campaign channels link my-campaign-20261207-0930-1a2b regional-cms --backfill',
  );

  const managers = campaign
    .command('managers')
    .description('who manages a campaign: only they (and admins) may act on it; never fewer than one');
  const cm = () => import('../commands/campaigns.ts');
  example(
    leaf(managers, 'list', "a campaign's managers, who granted each and when")
      .argument('<campaignId>')
      .addOption(jsonOption())
      .action(act(async (id: string, opts: Reading) => (await cm()).managersList(id, opts, io))),
    'klartext campaign managers list autumn-2026 --json',
  );
  example(
    leaf(managers, 'add', 'let another active campaign manager act on the campaign')
      .argument('<campaignId>')
      .argument('<user>', 'the user id of an active campaign_manager')
      .action(act(async (id: string, user: string, opts: ApiFlags) => (await cm()).managersAdd(id, user, opts, io))),
    'klartext campaign managers add autumn-2026 j.weber',
  );
  example(
    leaf(managers, 'remove', 'take a manager off the campaign (refused for its last manager)')
      .argument('<campaignId>')
      .argument('<user>')
      .action(act(async (id: string, user: string, opts: ApiFlags) => (await cm()).managersRemove(id, user, opts, io))),
    'klartext campaign managers remove autumn-2026 j.weber',
  );

  // Commands that talk to the API get --api-url/--token, listed after their own options as everywhere.
  const local = new Set(['validate', 'plan']);
  for (const cmd of [...campaign.commands, ...channels.commands, ...managers.commands]) {
    if (cmd.commands.length === 0 && !local.has(cmd.name())) addApiOptions(cmd);
  }
}
