import { parameterExample } from '../spec/examples.js';
import type { Check, CheckContext } from './check.js';

/** The four registry collections: list operation, item operation, the list's array field, the item's path parameter. */
const COLLECTIONS = [
  { list: 'listContractTemplates', get: 'getContractTemplate', field: 'templates', param: 'templateName' },
  { list: 'listContractCatalogs', get: 'getContractCatalog', field: 'catalogs', param: 'catalogName' },
  { list: 'listContractPrimitives', get: 'getContractPrimitive', field: 'primitives', param: 'primitiveName' },
  { list: 'listContractSamples', get: 'getContractSample', field: 'samples', param: 'sampleName' },
] as const;

/** List entries are names or summary objects depending on the service version (see the spec's list schemas). */
function entryName(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') {
    for (const key of ['name', 'templateId', 'id', 'slug']) {
      const value = (entry as Record<string, unknown>)[key];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}

function exampleParam(ctx: CheckContext, operationId: string, name: string): string | undefined {
  const parameter = ctx.operations.get(operationId)?.parameters.find((p) => p.name === name);
  const value = parameter ? parameterExample(ctx.spec, parameter) : undefined;
  return value === undefined ? undefined : String(value);
}

export const contractRegistryCheck: Check = {
  id: 'contracts.registry',
  title: 'The contract registry lists versions, and each listed template, catalog, primitive and sample can be read',
  tags: ['contracts'],
  operations: ['listContractVersions', ...COLLECTIONS.flatMap((c) => [c.list, c.get])],
  async run(ctx) {
    // Security on the registry is optional ([{}, {bearerAuth: []}]): it must answer without a token.
    const versions = await ctx.call('listContractVersions', { auth: false });
    if (!ctx.expectStatus(versions, 200, 'listing contract versions without a token')) return;
    const listed: unknown[] = Array.isArray(versions.json?.versions) ? versions.json.versions : [];
    const version = entryName(listed[0]);
    if (!ctx.expect(version, 'GET /v1/contracts listed no version, so the registry cannot be browsed')) return;

    for (const collection of COLLECTIONS) {
      // Anonymous like the versions: the registry must not depend on a token the run may not be able to get.
      const list = await ctx.call(collection.list, { auth: false, params: { version: version! } });
      if (!ctx.expectStatus(list, 200, `${collection.list} for version ${version}`)) continue;
      const entries: unknown[] = Array.isArray(list.json?.[collection.field]) ? list.json[collection.field] : [];
      let name = entryName(entries[0]);
      if (!name) {
        // An empty collection is allowed by the schema; read the spec's example name so the operation is still called.
        name = exampleParam(ctx, collection.get, collection.param);
        if (!name) continue;
      }
      const params = { version: version!, [collection.param]: name };
      const item = await ctx.call(collection.get, { auth: false, params });
      if (entries.length > 0)
        ctx.expectStatus(item, 200, `${collection.get} for "${name}", which ${collection.list} listed`);
    }
    // With a bearer token the registry answers the same way.
    ctx.expectStatus(await ctx.call('listContractVersions'), 200, 'listing contract versions with a token');
  },
};
