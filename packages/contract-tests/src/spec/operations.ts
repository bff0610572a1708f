import { deref, escapePointer, type OpenApiDocument } from './load-spec.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** One operation of the spec, with what the suite needs to call it and to judge its answers. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path template as written in the spec, e.g. `/v1/spv-requests/{slug}`. */
  path: string;
  tags: string[];
  /** Declared response keys: `200`, `4XX`, `default`, ... */
  declaredStatuses: string[];
  /** JSON pointer (inside the spec) of the operation object, e.g. `#/paths/~1v1~1spv-requests/post`. */
  pointer: string;
  operation: Record<string, any>;
  /** Parameters of the path item and the operation, `$ref`s resolved, operation-level winning. */
  parameters: Array<Record<string, any>>;
  matches(pathname: string): Record<string, string> | undefined;
}

export function listOperations(spec: OpenApiDocument): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries<any>(spec.paths ?? {})) {
    const item = deref(spec, rawItem);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = mergeParameters(spec, item.parameters ?? [], operation.parameters ?? []);
      const pattern = templateToRegExp(path);
      operations.push({
        operationId: operation.operationId ?? `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        tags: operation.tags ?? [],
        declaredStatuses: Object.keys(operation.responses ?? {}),
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        operation,
        parameters,
        matches(pathname) {
          const match = pattern.regex.exec(pathname);
          if (!match) return undefined;
          return Object.fromEntries(pattern.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
        },
      });
    }
  }
  return operations;
}

function mergeParameters(spec: OpenApiDocument, itemLevel: unknown[], opLevel: unknown[]) {
  const byKey = new Map<string, Record<string, any>>();
  for (const raw of [...itemLevel, ...opLevel]) {
    const param = deref<Record<string, any>>(spec, raw);
    byKey.set(`${param.in}:${String(param.name).toLowerCase()}`, param);
  }
  return [...byKey.values()];
}

function templateToRegExp(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (param) {
        names.push(param[1]!);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}/?$`), names };
}

/**
 * Finds the operation a request went to. Literal segments beat templated ones, so `/v1/contracts/templates/x`
 * is never mistaken for a deeper template with the same shape.
 */
export function createOperationMatcher(operations: SpecOperation[]) {
  const ranked = [...operations].sort((a, b) => literalWeight(b.path) - literalWeight(a.path));
  return (method: string, pathname: string): { operation: SpecOperation; params: Record<string, string> } | undefined => {
    for (const operation of ranked) {
      if (operation.method !== method.toUpperCase()) continue;
      const params = operation.matches(pathname);
      if (params) return { operation, params };
    }
    return undefined;
  };
}

function literalWeight(path: string): number {
  return path.split('/').filter((s) => s && !s.startsWith('{')).length;
}
