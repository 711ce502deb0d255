// Registers klartext's search attributes (shared/search-attributes.ts) with a Temporal namespace, or says exactly
// what to run where the credentials may not: a workflow that sets an unregistered attribute would fail every task.
// CommonJS: Node's ESM loader sees only its default export (types come by name).
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_KEYS } from '../shared/search-attributes.ts';
import { ConfigError } from '../shared/errors.ts';

const INDEXED = proto.temporal.api.enums.v1.IndexedValueType;
const TYPES: Record<string, { indexed: temporal.api.enums.v1.IndexedValueType; cli: string }> = {
  KEYWORD: { indexed: INDEXED.INDEXED_VALUE_TYPE_KEYWORD, cli: 'Keyword' },
};

/** The part of Temporal's OperatorService this needs (client and worker connections both have it). */
export interface SearchAttributeAdmin {
  listSearchAttributes(req: { namespace: string }): Promise<{ customAttributes?: Record<string, unknown> | null }>;
  addSearchAttributes(req: {
    namespace: string;
    searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType>;
  }): Promise<unknown>;
}

/** The attributes `namespace` lacks. */
export async function missingSearchAttributes(admin: SearchAttributeAdmin, namespace: string): Promise<string[]> {
  const { customAttributes } = await admin.listSearchAttributes({ namespace });
  const present = new Set(Object.keys(customAttributes ?? {}));
  return SEARCH_ATTRIBUTE_KEYS.map((k) => k.name).filter((name) => !present.has(name));
}

/** The Temporal CLI commands that register `names` (for an operator whose credentials klartext does not have). */
export function registerCommands(names: readonly string[], namespace: string): string[] {
  return names.map((name) => {
    const key = SEARCH_ATTRIBUTE_KEYS.find((k) => k.name === name)!;
    return `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${TYPES[key.type]!.cli}`;
  });
}

/**
 * Adds what is missing (`klartext migrate`). Where the namespace refuses (Temporal Cloud registers attributes through
 * its own console or `tcld`), throws ConfigError naming the attributes and the commands.
 */
export async function registerSearchAttributes(
  admin: SearchAttributeAdmin,
  namespace: string,
): Promise<{ added: string[] }> {
  const missing = await missingSearchAttributes(admin, namespace);
  if (missing.length === 0) return { added: [] };
  const searchAttributes = Object.fromEntries(
    missing.map((name) => [name, TYPES[SEARCH_ATTRIBUTE_KEYS.find((k) => k.name === name)!.type]!.indexed]),
  );
  try {
    await admin.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    throw new ConfigError(
      `Temporal refused to register the search attributes ${missing.join(', ')} in namespace ${namespace} ` +
        `(${(err as Error).message}). Register them with the namespace's administrator credentials: ` +
        `${registerCommands(missing, namespace).join('; ')} (on Temporal Cloud: the namespace's Search Attributes ` +
        'page or `tcld namespace search-attributes add`).',
      { cause: err },
    );
  }
  return { added: missing };
}

/**
 * Refuses to start a worker on a namespace without the attributes: its workflows would fail every task setting them.
 * @throws ConfigError naming what is missing and how to add it.
 */
export async function assertSearchAttributes(admin: SearchAttributeAdmin, namespace: string): Promise<void> {
  const missing = await missingSearchAttributes(admin, namespace);
  if (missing.length === 0) return;
  throw new ConfigError(
    `Temporal namespace ${namespace} lacks klartext's search attributes ${missing.join(', ')}: run \`klartext migrate\` ` +
      `with the same Temporal settings, or ${registerCommands(missing, namespace).join('; ')}.`,
  );
}
