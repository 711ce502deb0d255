// Registering klartext's search attributes: the embedded dev server has them from its start, `klartext migrate`
// adds what a configured namespace lacks, and a worker refuses a namespace without them, naming the commands.
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  assertSearchAttributes,
  missingSearchAttributes,
  registerSearchAttributes,
  type SearchAttributeAdmin,
} from '../../config/search-attributes.ts';
import { SEARCH_ATTRIBUTE_KEYS } from '../../shared/search-attributes.ts';
import { ConfigError } from '../../shared/errors.ts';

let connection: Connection;
beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
});
afterAll(() => connection?.close());

/** A namespace holding `present`, recording what was added; `refuse` makes adding fail as Temporal Cloud's does. */
function fakeAdmin(present: string[], refuse = false): SearchAttributeAdmin & { added: string[] } {
  const added: string[] = [];
  return {
    added,
    listSearchAttributes: async () => ({ customAttributes: Object.fromEntries(present.map((n) => [n, 2])) }),
    addSearchAttributes: async ({ searchAttributes }) => {
      if (refuse) throw new Error('PermissionDenied: Request unauthorized.');
      added.push(...Object.keys(searchAttributes));
      return {};
    },
  };
}

describe('search attributes', () => {
  it('are registered on the embedded dev server from its start', async () => {
    expect(await missingSearchAttributes(connection.operatorService, 'default')).toEqual([]);
    expect(await registerSearchAttributes(connection.operatorService, 'default')).toEqual({ added: [] });
    await assertSearchAttributes(connection.operatorService, 'default');
  });

  it('adds only what a namespace lacks', async () => {
    const admin = fakeAdmin(['KlartextCampaign', 'SomeoneElsesAttribute']);
    const { added } = await registerSearchAttributes(admin, 'agency');
    expect(added).toEqual(SEARCH_ATTRIBUTE_KEYS.map((k) => k.name).filter((n) => n !== 'KlartextCampaign'));
    expect(admin.added).toEqual(added);
  });

  it('says which commands register them where the credentials may not', async () => {
    const refused = await registerSearchAttributes(fakeAdmin([], true), 'agency.a1b2c').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    const message = (refused as Error).message;
    expect(message).toContain('PermissionDenied');
    expect(message).toContain(
      'temporal operator search-attribute create --namespace agency.a1b2c --name KlartextStage --type Keyword',
    );
    expect(message).toContain('tcld');
  });

  it('keeps a worker off a namespace without them, naming `klartext migrate`', async () => {
    const missing = await assertSearchAttributes(fakeAdmin(['KlartextCampaign']), 'agency').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as Error).message).toMatch(
      /lacks klartext's search attributes KlartextSegment, .*klartext migrate/,
    );
  });
});
