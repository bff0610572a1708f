import type { ContractKind, ContractVersion } from '../contracts/registry.js';
import type { Handler, Reply } from '../http/context.js';
import { notFound } from '../http/errors.js';
import type { Deps } from './deps.js';

const SINGULAR: Record<ContractKind, string> = {
  templates: 'template',
  catalogs: 'catalog',
  primitives: 'primitive',
  samples: 'sample',
};

/** Read-only registry endpoints: lists are `{version, <kind>: [names]}`, single documents are served as stored. */
export function contractHandlers(deps: Deps): Record<string, Handler> {
  const version = (name: string): ContractVersion => {
    const found = deps.registry.versions.get(name);
    if (!found) throw notFound(`Contract registry version ${name} was not found.`);
    return found;
  };
  const list =
    (kind: ContractKind): Handler =>
    (ctx): Reply => {
      const v = version(ctx.params.version!);
      return { status: 200, body: { version: v.version, [kind]: [...v.documents[kind].keys()] } };
    };
  const one =
    (kind: ContractKind, param: string): Handler =>
    (ctx): Reply => {
      const v = version(ctx.params.version!);
      const name = ctx.params[param]!;
      const doc = v.documents[kind].get(name);
      if (!doc) throw notFound(`Contract ${SINGULAR[kind]} ${name} was not found in version ${v.version}.`);
      return { status: 200, body: doc };
    };
  return {
    listContractVersions: (): Reply => ({ status: 200, body: { versions: [...deps.registry.versions.keys()] } }),
    listContractTemplates: list('templates'),
    getContractTemplate: one('templates', 'templateName'),
    listContractCatalogs: list('catalogs'),
    getContractCatalog: one('catalogs', 'catalogName'),
    listContractPrimitives: list('primitives'),
    getContractPrimitive: one('primitives', 'primitiveName'),
    listContractSamples: list('samples'),
    getContractSample: one('samples', 'sampleName'),
  };
}
