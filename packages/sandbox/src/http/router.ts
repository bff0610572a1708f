/**
 * A method + path router whose table comes from the spec's `paths`: the spec lists the operations, the sandbox
 * only supplies a handler per operationId. Templates are matched segment by segment (a literal segment beats a
 * parameter, so `/v1/contracts/templates/{version}` never shadows a literal sibling).
 */
export interface Route<T> {
  template: string;
  method: string;
  value: T;
}

export type Match<T> =
  | { kind: 'found'; value: T; params: Record<string, string>; template: string }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

interface Node<T> {
  literal: Map<string, Node<T>>;
  param?: { name: string; node: Node<T> };
  methods: Map<string, { value: T; template: string }>;
}

const newNode = <T>(): Node<T> => ({ literal: new Map(), methods: new Map() });

export class Router<T> {
  private readonly root: Node<T> = newNode();

  add(method: string, template: string, value: T): void {
    let node = this.root;
    for (const segment of template.split('/').slice(1)) {
      const param = /^\{([^}]+)\}$/.exec(segment);
      if (param) {
        // Matched parameters go into a plain object (below): a name every object inherits would read as present.
        if (param[1]! in Object.prototype) {
          throw new Error(`parameter name {${param[1]}} in ${template} is a member every object inherits; rename it`);
        }
        if (node.param && node.param.name !== param[1]) {
          throw new Error(`conflicting parameter names {${node.param.name}} and {${param[1]}} in ${template}`);
        }
        node.param ??= { name: param[1]!, node: newNode() };
        node = node.param.node;
      } else {
        let next = node.literal.get(segment);
        if (!next) {
          next = newNode();
          node.literal.set(segment, next);
        }
        node = next;
      }
    }
    if (node.methods.has(method)) throw new Error(`duplicate route ${method} ${template}`);
    node.methods.set(method, { value, template });
  }

  match(method: string, pathname: string): Match<T> {
    const segments = pathname.split('/').slice(1);
    // A plain object, not a prototype-less one: its keys are template names (never an inherited name, see `add`), and
    // V8 keeps a prototype-less object in dictionary mode, which made matching a GET's path a tenth of its CPU.
    const params: Record<string, string> = {};
    const node = this.walk(this.root, segments, 0, params);
    if (!node || node.methods.size === 0) return { kind: 'not-found' };
    const hit = node.methods.get(method);
    if (!hit) return { kind: 'method-not-allowed', allow: [...node.methods.keys()] };
    return { kind: 'found', value: hit.value, params, template: hit.template };
  }

  private walk(node: Node<T>, segments: string[], index: number, params: Record<string, string>): Node<T> | undefined {
    if (index === segments.length) return node;
    const segment = segments[index]!;
    const literal = node.literal.get(segment);
    if (literal) {
      const found = this.walk(literal, segments, index + 1, params);
      if (found && found.methods.size > 0) return found;
    }
    if (node.param && segment !== '') {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
      const found = this.walk(node.param.node, segments, index + 1, params);
      if (found && found.methods.size > 0) {
        params[node.param.name] = decoded;
        return found;
      }
    }
    return undefined;
  }
}
