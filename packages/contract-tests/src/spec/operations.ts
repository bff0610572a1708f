import { listOperations as listSpecOperations, type OpenApiDocument, type Operation } from '@zestequity/spec-model';

/** One operation of the spec (as `@zestequity/spec-model` reads it), plus how the suite matches a request to it. */
export interface SpecOperation extends Operation {
  /** The path parameters of `pathname` when it is an instance of this operation's path template. */
  matches(pathname: string): Record<string, string> | undefined;
}

export function listOperations(spec: OpenApiDocument): SpecOperation[] {
  return listSpecOperations(spec).map((operation) => {
    const pattern = templateToRegExp(operation.path);
    return Object.assign(operation, {
      matches(pathname: string) {
        const match = pattern.regex.exec(pathname);
        if (!match) return undefined;
        return Object.fromEntries(pattern.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
      },
    });
  });
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
  return (
    method: string,
    pathname: string,
  ): { operation: SpecOperation; params: Record<string, string> } | undefined => {
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
