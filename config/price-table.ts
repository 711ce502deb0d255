// The price table `klartext campaign plan` and the console estimate costs with: a YAML or JSON file over the defaults.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, InputError } from '../shared/errors.ts';
import { DEFAULT_PRICE_TABLE, type PriceTable } from '../shared/price-table.ts';

export { DEFAULT_PRICE_TABLE, type PriceTable };

const price = z.number().min(0, 'must be zero or more');
const prices = z.record(z.string().min(1), price);

/** What a price table file holds; every key is optional and merged over {@link DEFAULT_PRICE_TABLE}. */
export const priceTableSchema = z.strictObject({
  /** Printed next to amounts; no conversion happens. */
  currency: z.string().min(1).max(12).optional(),
  /** Per second of model-generated footage, by video provider (`local`, `openai-videos`, `veo`). */
  videoPerSecond: prices.optional(),
  /** Per 1,000 tokens (prompt and answer together), by script provider (`local`, `openai`). */
  scriptPer1kTokens: prices.optional(),
  /** Per second of narration, by narration engine (`espeak-ng`, `openai-speech`, `silent`). */
  narrationPerSecond: prices.optional(),
  /** Throughput assumptions for the time estimate. */
  timing: z
    .strictObject({
      /** Seconds to draft one script, by script provider. */
      draftSeconds: prices.optional(),
      /** Seconds the local renderer needs per second of finished video. */
      renderSecondsPerVideoSecond: price.optional(),
      /** Seconds one provider clip takes to generate, by video provider (a segment's clips run in parallel). */
      clipSeconds: prices.optional(),
    })
    .optional(),
});

/** Merges a parsed price table over the defaults, key by key. */
export function mergePriceTable(file: z.infer<typeof priceTableSchema>, base = DEFAULT_PRICE_TABLE): PriceTable {
  return {
    currency: file.currency ?? base.currency,
    videoPerSecond: { ...base.videoPerSecond, ...file.videoPerSecond },
    scriptPer1kTokens: { ...base.scriptPer1kTokens, ...file.scriptPer1kTokens },
    narrationPerSecond: { ...base.narrationPerSecond, ...file.narrationPerSecond },
    timing: {
      draftSeconds: { ...base.timing.draftSeconds, ...file.timing?.draftSeconds },
      renderSecondsPerVideoSecond: file.timing?.renderSecondsPerVideoSecond ?? base.timing.renderSecondsPerVideoSecond,
      clipSeconds: { ...base.timing.clipSeconds, ...file.timing?.clipSeconds },
    },
  };
}

/**
 * Parses a price table (YAML, so JSON too) and merges it over the defaults.
 * @throws InputError naming file:line:column of the first problem and how to fix it.
 */
export function parsePriceTable(text: string, path: string): PriceTable {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const at = (offset: number | undefined) => {
    const before = text.slice(0, offset ?? 0).split('\n');
    return `${path}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new InputError(`${at(e.pos[0])}: the price table is not valid YAML or JSON (${e.message.split('\n')[0]}).`);
  }
  const parsed = priceTableSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number] } | undefined;
    const key = issue.path.join('.') || '(top level)';
    throw new InputError(
      `${at(node?.range?.[0])}: price table ${key}: ${issue.message}; see "Run your own campaign" in the README.`,
    );
  }
  return mergePriceTable(parsed.data);
}

/**
 * The price table at `path` (from `--prices` or KLARTEXT_PRICE_TABLE), or the defaults when neither names one.
 * @throws ConfigError when the file cannot be read; InputError when it is malformed.
 */
export async function loadPriceTable(path: string | undefined): Promise<PriceTable> {
  if (!path) return DEFAULT_PRICE_TABLE;
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(`${path}:1:1: cannot read the price table (${err.code}); check the path.`, { cause: err });
  });
  return parsePriceTable(text, path);
}
