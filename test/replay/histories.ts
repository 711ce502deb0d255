// Recorded workflow histories, committed as fixtures: runs of every registered workflow type, replayed by
// replay.test.ts against the current workflow code, so a change that would break campaigns already in flight fails the
// suite. `npm run histories:record` (record.ts) adds a generation: a directory of runs of the code as it is then.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
// CommonJS: Node's ESM loader sees only its default export (types come by name).
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';
import { createPayloadCodec, encryptedDataConverter, parsePayloadKeys } from '../../config/payload-codec.ts';

export const HISTORIES_DIR = join(import.meta.dirname, 'histories');
/** The payload key the recorded runs were encrypted with: a key for these fixtures only, never a deployment's. */
export const FIXTURE_PAYLOAD_KEYS_FILE = join(HISTORIES_DIR, 'payload-keys.txt');

export interface RecordedRun {
  workflowType: string;
  workflowId: string;
  runId: string;
  /** What the run exercised, e.g. "segment: changes requested, then approved". */
  scenario: string;
  recordedAt: string;
  /** The history, protobuf-encoded (temporal.api.history.v1.History), base64. */
  history: string;
}

export async function fixturePayloadKeys(): Promise<string> {
  return (await readFile(FIXTURE_PAYLOAD_KEYS_FILE, 'utf8')).trim();
}

export async function fixtureDataConverter(): Promise<DataConverter> {
  return encryptedDataConverter(createPayloadCodec(parsePayloadKeys(await fixturePayloadKeys(), 'payload-keys.txt')));
}

/** Every recorded run, oldest generation first, with the file it came from (relative to HISTORIES_DIR). */
export async function loadRecordedRuns(): Promise<{ file: string; run: RecordedRun }[]> {
  const out: { file: string; run: RecordedRun }[] = [];
  const generations = (await readdir(HISTORIES_DIR, { withFileTypes: true })).filter((d) => d.isDirectory());
  for (const generation of generations.map((d) => d.name).sort()) {
    const files = (await readdir(join(HISTORIES_DIR, generation))).filter((f) => f.endsWith('.json')).sort();
    for (const f of files) {
      const file = join(generation, f);
      out.push({ file, run: JSON.parse(await readFile(join(HISTORIES_DIR, file), 'utf8')) as RecordedRun });
    }
  }
  return out;
}

export function decodeHistory(run: RecordedRun): temporal.api.history.v1.History {
  return proto.temporal.api.history.v1.History.decode(Buffer.from(run.history, 'base64'));
}

export function encodeHistory(history: temporal.api.history.v1.IHistory): string {
  return Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish()).toString('base64');
}
