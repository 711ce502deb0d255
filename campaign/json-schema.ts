// JSON Schemas of campaign.yaml and claims.yaml, generated from the parsers' zod schemas so editors check as klartext does.
import { z } from 'zod';
import { campaignDocumentSchema } from './campaign-file.ts';
import { claimsDocumentSchema } from './claims-file.ts';

/** A JSON Schema document (draft-07: what YAML editors support most widely). */
export type JsonSchema = Record<string, unknown>;

/** A string that is only a `${VAR}` reference, replaced from the environment when the campaign is loaded. */
const ENV_REFERENCE = '^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$';

function generate(schema: z.ZodType, allowEnv: boolean): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-7',
    override: ({ jsonSchema, path }) => {
      // Any value of campaign.yaml may be `${VAR}`, so a format or pattern must let a bare reference through;
      // map keys are never interpolated.
      const checked =
        jsonSchema.pattern !== undefined || jsonSchema.format !== undefined || (jsonSchema.minLength ?? 0) > 1;
      if (!allowEnv || jsonSchema.type !== 'string' || !checked || path.includes('propertyNames')) return;
      const { description, examples, ...rest } = jsonSchema;
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Record<string, unknown>)[key];
      const anyOf = [rest, { type: 'string', pattern: ENV_REFERENCE }];
      Object.assign(jsonSchema, { ...(description && { description }), ...(examples && { examples }), anyOf });
    },
  }) as JsonSchema & { $schema: string };
}

function titled(schema: JsonSchema, title: string): JsonSchema {
  const { $schema, ...rest } = schema;
  return { $schema, title, ...rest };
}

/** JSON Schema of `campaign.yaml`. */
export function campaignJsonSchema(): JsonSchema {
  return titled(generate(campaignDocumentSchema, true), 'klartext campaign.yaml');
}

/** JSON Schema of `claims.yaml`. */
export function claimsJsonSchema(): JsonSchema {
  return titled(generate(claimsDocumentSchema, false), 'klartext claims.yaml');
}
