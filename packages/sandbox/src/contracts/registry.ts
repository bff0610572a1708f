import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The contract registry: versioned, read-only JSON documents under `contracts/<version>/<kind>/<name>.json`.
 * This is sandbox data (what a registry could hold), not a restatement of the API spec; the spec deliberately
 * leaves these documents open (`additionalProperties: true`).
 */
export type ContractKind = 'templates' | 'catalogs' | 'primitives' | 'samples';
export const CONTRACT_KINDS: readonly ContractKind[] = ['templates', 'catalogs', 'primitives', 'samples'];

export type Json = Record<string, unknown>;

export interface ContractVersion {
  version: string;
  documents: Record<ContractKind, Map<string, Json>>;
}

export interface Registry {
  versions: Map<string, ContractVersion>;
}

export const DEFAULT_CONTRACTS_DIR = fileURLToPath(new URL('../../contracts', import.meta.url));

export function loadRegistry(dir: string = DEFAULT_CONTRACTS_DIR): Registry {
  const versions = new Map<string, ContractVersion>();
  for (const version of readdirSync(dir).sort(compareVersions)) {
    const versionDir = join(dir, version);
    if (!statSync(versionDir).isDirectory()) continue;
    const documents = {} as Record<ContractKind, Map<string, Json>>;
    for (const kind of CONTRACT_KINDS) {
      documents[kind] = new Map();
      let files: string[] = [];
      try {
        files = readdirSync(join(versionDir, kind));
      } catch {
        continue;
      }
      for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
        const doc = JSON.parse(readFileSync(join(versionDir, kind, file), 'utf8')) as Json;
        documents[kind].set(file.slice(0, -'.json'.length), doc);
      }
    }
    versions.set(version, { version, documents });
  }
  return { versions };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  }
  return a.localeCompare(b);
}
