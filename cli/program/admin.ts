// Commands for campaign managers and admins: users, channels, claims, audit; and whoami for anyone.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ExpectedHead } from '../../db/audit-repo.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import type { ApiFlags } from '../api-target.ts';
import type { ChannelAddOptions } from '../commands/channels.ts';
import type { WhoamiOptions } from '../commands/whoami.ts';
import type { Io } from '../context.ts';
import { addApiOptions, choiceOption, example, jsonOption, required } from '../options.ts';
import type { Act } from '../context.ts';

type Reading = ApiFlags & { json?: boolean };

/** `--expect-head <seq>:<hash>` or `<hash>`, repeatable; refused before any request when malformed. */
function collectExpectedHead(value: string, previous: ExpectedHead[] = []): ExpectedHead[] {
  const m = /^(?:([1-9]\d*):)?([0-9a-f]{64})$/.exec(value.trim());
  if (!m) {
    throw new InvalidArgumentError(
      'It must be <seq>:<hash> or <hash> (64 lowercase hex characters), as `klartext audit head` prints them.',
    );
  }
  return [...previous, { ...(m[1] ? { seq: Number(m[1]) } : {}), hash: m[2]! }];
}

export function registerAdmin(program: Command, act: Act, io: Io): void {
  const leaf = (group: Command, name: string, about: string) => group.command(name).description(about);

  const users = program.command('users').description('user administration (as admin)');
  const u = () => import('../commands/users.ts');
  example(
    leaf(users, 'add', 'create a user and print their API token once')
      .argument('<id>', 'login name: letters, digits, . _ @ -')
      .addOption(required(new Option('--name <display name>', 'the name shown with their decisions')))
      .addOption(required(choiceOption('--role <role>', 'what they may do', ROLES)))
      .option('--password-stdin', 'read a password for web login and signing from stdin')
      .option('--languages <codes>', 'languages they read, comma-separated (language reviewers need them)')
      .action(
        act(
          async (
            id: string,
            opts: ApiFlags & { name: string; role: Role; passwordStdin?: boolean; languages?: string },
          ) => (await u()).usersAdd(id, opts, io),
        ),
      ),
    'klartext users add dr-demir --name "Dr. Aylin Demir" --role medical_reviewer --languages de,tr --password-stdin < pw',
  );
  example(
    leaf(users, 'languages', 'record the languages a user reads (none: clear)')
      .argument('<id>')
      .argument('<codes>', 'two-letter codes, comma-separated, or none')
      .action(
        act(async (id: string, codes: string, opts: ApiFlags) => (await u()).usersLanguages(id, codes, opts, io)),
      ),
    'klartext users languages ayse-k tr,de',
  );
  example(
    leaf(users, 'bootstrap-admin', 'create the first admin in the database, once; prints their API token once')
      .argument('<id>', 'login name: letters, digits, . _ @ -')
      .option('--name <display name>', 'the name shown with their actions (default: the id)')
      .option('--password-file <path>', 'read the password from this file (else from stdin, piped)')
      .action(
        act(async (id: string, opts: { name?: string; passwordFile?: string }) =>
          (await import('../commands/users-bootstrap.ts')).bootstrapAdmin(id, opts, io),
        ),
      ),
    'DATABASE_URL=postgres://… klartext users bootstrap-admin ops-admin --password-file /run/secrets/admin-password',
  );
  example(
    leaf(users, 'list', 'all users with role and state')
      .addOption(jsonOption())
      .action(act(async (opts: Reading) => (await u()).usersList(opts, io))),
    'klartext users list --json',
  );
  example(
    leaf(users, 'disable', "end a user's tokens and sessions")
      .argument('<id>')
      .action(act(async (id: string, opts: ApiFlags) => (await u()).usersDisable(id, opts, io))),
    'klartext users disable dr-demir',
  );

  const channels = program.command('channels').description('delivery channels (as campaign manager)');
  const ch = () => import('../commands/channels.ts');
  example(
    leaf(channels, 'add', 'add or update a webhook, CMS import folder or pull feed')
      .argument('<id>')
      .addOption(required(choiceOption('--kind <kind>', 'how videos are delivered', ['webhook', 'folder', 'feed'])))
      .option('--name <name>', 'a readable name')
      .option('--url <url>', 'webhook: the receiver (https)')
      .option('--dir <absolute path>', 'folder: where segment folders are written')
      .option('--secret <secret>', 'webhook: an existing signing secret (whsec_… or whsk_…)')
      .addOption(
        choiceOption('--generate-secret [version]', 'webhook: generate a secret, v1 HMAC or v1a Ed25519', [
          'v1',
          'v1a',
        ]).preset('v1'),
      )
      .option('--new-token', 'feed: issue a new bearer token')
      .option('--languages <list>', 'only segments in these languages (comma-separated)')
      .option('--regions <list>', 'only segments for these regions')
      .option('--tags <list>', 'only segments with these tags')
      .option(
        '--allow-cidr <block>',
        'webhook: admit this internal address block, e.g. 10.20.0.0/16 (repeatable)',
        (block: string, blocks: string[] | undefined) => [...(blocks ?? []), block],
      )
      .option(
        '--renditions <list>',
        'further formats it takes besides the main video: portrait, square, landscape, each also -open-captions',
      )
      .action(act(async (id: string, opts: ChannelAddOptions) => (await ch()).channelsAdd(id, opts, io))),
    'klartext channels add partner-cms --kind webhook --url https://cms.example/hooks --generate-secret',
  );
  example(
    leaf(channels, 'list', 'all channels with state, target and routing')
      .addOption(jsonOption())
      .action(act(async (opts: Reading) => (await ch()).channelsList(opts, io))),
    'klartext channels list',
  );
  example(
    leaf(channels, 'test', 'send a ping delivery; exit 1 when refused')
      .argument('<id>')
      .action(act(async (id: string, opts: ApiFlags) => (await ch()).channelsTest(id, opts, io))),
    'klartext channels test partner-cms',
  );
  example(
    leaf(channels, 'disable', 'stop delivering to a channel')
      .argument('<id>')
      .option('--reason <text>', 'why, shown in the channel list')
      .action(
        act(async (id: string, opts: ApiFlags & { reason?: string }) => (await ch()).channelsDisable(id, opts, io)),
      ),
    'klartext channels disable partner-cms --reason "CMS migration"',
  );
  example(
    leaf(channels, 'enable', 'deliver to a disabled channel again')
      .argument('<id>')
      .action(act(async (id: string, opts: ApiFlags) => (await ch()).channelsEnable(id, opts, io))),
    'klartext channels enable partner-cms',
  );

  const claims = program.command('claims').description('the approved-claims library (as campaign manager)');
  const cl = () => import('../commands/claims.ts');
  example(
    leaf(claims, 'import', 'add or update claims from a claims file')
      .argument('<claims.yaml>')
      .action(act(async (file: string, opts: ApiFlags) => (await cl()).claimsImport(file, opts, io))),
    'klartext claims import examples/autumn-vaccination-2026/claims.yaml',
  );
  example(
    leaf(claims, 'list', 'every claim with its validity and source')
      .addOption(jsonOption())
      .action(act(async (opts: Reading) => (await cl()).claimsList(opts, io))),
    'klartext claims list --json',
  );
  example(
    leaf(claims, 'withdraw', 'withdraw a claim: scripts citing it go back to drafting, videos citing it are retracted')
      .argument('<id>')
      .addOption(
        required(new Option('--reason <text>', 'why (audited; reviewers, channels and citizens are shown it)')),
      )
      .addOption(jsonOption())
      .action(act(async (id: string, opts: Reading & { reason: string }) => (await cl()).claimsWithdraw(id, opts, io))),
    'klartext claims withdraw covid-booster-60plus --reason "Superseded by the new recommendation"',
  );

  const audit = program.command('audit').description('the tamper-evident audit log (as admin)');
  const au = () => import('../commands/audit.ts');
  example(
    leaf(audit, 'verify', "recompute the audit log's keyed hash chain; exit 1 naming the first broken entry")
      .addOption(
        new Option(
          '--expect-head <seq:hash>',
          'a head kept outside the database that the chain must hold (repeatable)',
        ).argParser(collectExpectedHead),
      )
      .option('--heads-file <path>', 'check every head recorded in this JSON-lines file (KLARTEXT_AUDIT_HEAD_FILE)')
      .addOption(jsonOption())
      .action(
        act(async (opts: Reading & { expectHead?: ExpectedHead[]; headsFile?: string }) =>
          (await au()).auditVerify(opts, io),
        ),
      ),
    'klartext audit verify --heads-file /mnt/archive/klartext-audit-heads.jsonl',
  );
  example(
    leaf(audit, 'head', 'print the newest entry (seq, hash, time) to keep outside the database')
      .option('--append-to <file>', 'also append it as a JSON line to this file, as a heads file for verify')
      .addOption(jsonOption())
      .action(act(async (opts: Reading & { appendTo?: string }) => (await au()).auditHead(opts, io))),
    'klartext audit head --append-to /mnt/archive/klartext-audit-heads.jsonl',
  );

  const whoami = example(
    program
      .command('whoami')
      .description('which API the CLI talks to, as whom, and why')
      .description('which API the CLI talks to, as whom, and why')
      .addOption(
        choiceOption('--dev-user <role>', "which of the dev stack's users, when its session file is used", [
          'reviewer',
          'manager',
          'admin',
        ]).default('reviewer'),
      )
      .addOption(jsonOption())
      .action(act(async (opts: WhoamiOptions) => (await import('../commands/whoami.ts')).whoami(opts, io))),
    'klartext whoami --json',
  );
  // Listed after each command's own options: they are the same everywhere.
  for (const cmd of [...[users, channels, claims, audit].flatMap((g) => g.commands), whoami]) {
    addApiOptions(cmd);
  }
}
