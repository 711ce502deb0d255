#!/usr/bin/env node
// The `klartext` command: demo, dev, worker and validate; errors print one actionable message.
import { parseArgs } from 'node:util';
import { KlartextError } from '../shared/errors.ts';
import { ApiRequestError } from './api-client.ts';
import { installSdkLogger } from '../worker/logging.ts';
import { runAudit } from './commands/audit.ts';
import { runChannels } from './commands/channels.ts';
import { runClaims } from './commands/claims.ts';
import { runUsers } from './commands/users.ts';
import { runVerify } from './commands/verify.ts';
import { runDemo } from './commands/demo.ts';
import { runDev } from './commands/dev.ts';
import { runReadability } from './commands/readability.ts';
import { runReview } from './commands/review.ts';
import { runScripts } from './commands/scripts.ts';
import { runSegments } from './commands/segments.ts';
import { runWorker } from './commands/worker.ts';
import { loadCampaign } from './load-campaign.ts';

const USAGE = `Usage: klartext <command>

  demo [campaign.yaml]   run a whole campaign on the embedded stack (default: the shipped example)
  dev                    keep the embedded stack running (Temporal + Web UI, PGlite, API, worker)
  worker                 run a worker only (needs TEMPORAL_ADDRESS and DATABASE_URL)
  validate <campaign.yaml>  check a campaign's files without starting anything
  users add <id> --name <display name> --role <role> [--password-stdin] | users list [--json] | users disable <id>
                         user administration as admin (prints a new user's API token once)
  verify <video.mp4> [--manifest f] [--key public.pem|jwks.json] [--server url] [--json]
                         check a video's hash, signed manifest and (with a server) endorsement
  audit verify           recompute the audit log's hash chain; exit 1 naming the first broken entry
  claims import <claims.yaml> | claims list [--json]
                         the approved-claims library (talks to \`klartext dev\` or KLARTEXT_API_URL)
  review list | show <campaign> <segment> | approve|request-changes|reject <campaign> <segment> --sha …
                         medical review from a terminal (approve signs: --password-stdin)
  review accept-video|request-rerender <campaign> <segment> --sha <videoSha256>
                         video check after sign-off (accept-video signs: --password-stdin)
  channels add <id> --kind webhook|folder|feed … | channels list | channels test <id> | channels disable <id>
                         delivery channels (secrets stored encrypted; generated secrets and feed tokens shown once)
  scripts show <segmentId> [--campaign <id>] [--json]
                         a segment's current script with its claims, sources and pre-review findings
  readability <file|-> --lang de|en|tr|uk [--level plain|standard|professional] [--json]
                         readability scores of any text against each reading level's target
  segments build <file> --spec <yaml> [--strategy <yaml>] [--out f] [--report f] [--redact]
                         segment respondent microdata with privacy guarantees
`;

async function main(argv: string[]): Promise<number> {
  installSdkLogger();
  const [command, ...rest] = argv;
  if (command === 'segments') return runSegments(rest);
  if (command === 'claims') return runClaims(rest);
  if (command === 'channels') return runChannels(rest);
  if (command === 'scripts') return runScripts(rest);
  if (command === 'readability') return runReadability(rest);
  if (command === 'review') return runReview(rest);
  if (command === 'users') return runUsers(rest);
  if (command === 'audit') return runAudit(rest);
  if (command === 'verify') return runVerify(rest);
  const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true });
  switch (command) {
    case 'demo':
      return runDemo({ campaignFile: positionals[0] });
    case 'dev':
      return runDev();
    case 'worker':
      return runWorker();
    case 'validate': {
      if (!positionals[0]) throw new KlartextError('validate needs the path of a campaign.yaml.');
      const c = await loadCampaign(positionals[0], process.env);
      console.log(`OK: ${c.segments.length} segments, ${c.claims.length} claims, ${c.brief.channels.length} channels.`);
      return 0;
    }
    default:
      process.stdout.write(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Our own errors and the API's refusals are written for people: no stack trace.
    if (err instanceof KlartextError || err instanceof ApiRequestError) {
      console.error(`klartext: ${err.message}`);
    } else {
      console.error(err);
    }
    process.exit(1);
  },
);
