// Commands that work on local files only: verify, readability, segments build.
import { type Command, Option } from 'commander';
import type { Io } from '../context.ts';
import { choiceOption, example, jsonOption, READING_LEVELS, required } from '../options.ts';
import type { Act } from '../context.ts';
import type { ReadabilityOptions } from '../commands/readability.ts';
import type { SegmentsBuildOptions } from '../commands/segments.ts';
import type { VerifyOptions } from '../commands/verify.ts';

export function registerFiles(program: Command, act: Act, io: Io): void {
  example(
    program
      .command('verify')
      .description("check a video's hash, its signed manifest and, with a server, that it is still endorsed")
      .argument('<video.mp4>', 'the video; its manifest.json and companion files are looked for beside it')
      .option('--manifest <file>', 'the signed manifest (default: manifest.json beside the video)')
      .option('--key <file>', 'a trusted public key: public.pem or jwks.json')
      .option('--server <url>', "a klartext server: its published keys and the video's status (or KLARTEXT_API_URL)")
      .addOption(jsonOption())
      .action(
        act(async (video: string, opts: VerifyOptions) =>
          (await import('../commands/verify.ts')).verifyVideo(video, opts, io.env),
        ),
      ),
    'klartext verify out/flu-2026/seniors/video.mp4 --server https://klartext.example.org',
  );
  example(
    program
      .command('readability')
      .description("readability scores of any text against each reading level's target")
      .argument('<file>', 'the text to score, or - for stdin')
      .addOption(required(new Option('--lang <lang>', 'the language of the text (de, en, tr, uk)')))
      .addOption(choiceOption('--level <level>', 'only this reading level', READING_LEVELS))
      .addOption(jsonOption())
      .action(
        act(async (source: string, opts: ReadabilityOptions) =>
          (await import('../commands/readability.ts')).readability(source, opts, io),
        ),
      ),
    'klartext readability leaflet.txt --lang de --level plain',
  );
  const segments = program.command('segments').description('segment respondent microdata with privacy guarantees');
  example(
    segments
      .command('build')
      .description('respondent file + spec → segments, concerns and a privacy report')
      .argument('<file>', 'the respondent file (.csv or .csv.gz)')
      .addOption(required(new Option('--spec <yaml>', 'the segmentation spec')))
      .option('--strategy <yaml>', 'rules choosing each segment’s language and reading level')
      .option('--out <file>', 'write segments.json here')
      .option(
        '--report [file]',
        'print the readable report (outcomes, concerns and totals with bases, withheld cells, perturbation table); with a file: write it there, or the privacy report as JSON for a .json file',
      )
      .option('--redact', 'mask personal data in free-text columns instead of refusing the file')
      .addOption(jsonOption())
      .action(
        act(async (file: string, opts: SegmentsBuildOptions) =>
          (await import('../commands/segments.ts')).segmentsBuild(file, opts),
        ),
      ),
    'klartext segments build survey.csv.gz --spec segmentation.yaml --out segments.json --report report.json',
  );
}
