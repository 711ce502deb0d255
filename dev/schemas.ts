// `npm run schemas`: writes the JSON Schemas in schemas/ and the README's campaign files reference, both from the zod schemas.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { campaignJsonSchema, claimsJsonSchema } from '../campaign/json-schema.ts';
import { filesReference, withReference } from '../campaign/reference.ts';
import { specSchema } from '../segments/spec.ts';
import { strategyOverrideSchema } from '../segments/strategy-rules.ts';

const ROOT = join(import.meta.dirname, '..');

// Written as Prettier would, so `prettier --check .` and the in-step test agree with the generator.
async function pretty(text: string, filepath: string): Promise<string> {
  return format(text, { ...(await resolveConfig(filepath)), filepath });
}

/** Every generated schema file: path relative to the repository → its content. */
export async function schemaFiles(): Promise<Record<string, string>> {
  const plain = (schema: z.ZodType, title: string) => {
    const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
    return { $schema, title, ...rest };
  };
  const files: Record<string, unknown> = {
    'schemas/campaign.schema.json': campaignJsonSchema(),
    'schemas/claims.schema.json': claimsJsonSchema(),
    'schemas/segmentation.schema.json': plain(specSchema, 'klartext segmentation spec (segmentation.yaml)'),
    'schemas/strategy.schema.json': plain(strategyOverrideSchema, 'klartext strategy overrides (strategy.yaml)'),
  };
  const out: Record<string, string> = {};
  for (const [path, schema] of Object.entries(files))
    out[path] = await pretty(JSON.stringify(schema), join(ROOT, path));
  return out;
}

/** README.md with its campaign files reference block regenerated. */
export async function readmeWithReference(readme: string): Promise<string> {
  const block = filesReference({ campaign: campaignJsonSchema(), claims: claimsJsonSchema() });
  return withReference(readme, (await pretty(block, join(ROOT, 'README.md'))).trimEnd());
}

async function main(): Promise<void> {
  const files = await schemaFiles();
  for (const [path, text] of Object.entries(files)) await writeFile(join(ROOT, path), text);
  const readme = join(ROOT, 'README.md');
  await writeFile(readme, await readmeWithReference(await readFile(readme, 'utf8')));
  console.log(`Wrote ${Object.keys(files).join(', ')} and the README's campaign files reference.`);
}

if (import.meta.main) await main();
