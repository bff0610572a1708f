import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compareDocuments } from '../src/index.js';
import { CATALOGUE, runCli } from './helpers.js';

// Inputs spec-guard must refuse with one clear line and exit 2, rather than crash, hang or pass. Documents are the
// catalogue's base with one edit.
type Doc = Record<string, any>;

const BASE = join(CATALOGUE, '62-no-change', 'base.yaml');
let dir: string;
let baseDoc: Doc;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spec-guard-inputs-'));
  baseDoc = parse(await readFile(BASE, 'utf8')) as Doc;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
async function edited(edit: (doc: Doc) => void): Promise<string> {
  const doc = structuredClone(baseDoc);
  edit(doc);
  const file = join(dir, `doc-${++files}.yaml`);
  await writeFile(file, stringify(doc));
  return file;
}

const withSchemas =
  (schemas: Doc, ref = '#/components/schemas/A') =>
  (doc: Doc) => {
    Object.assign(doc.components.schemas, schemas);
    doc.components.schemas.Thing.properties.loop = { $ref: ref };
  };

describe('$ref loops', () => {
  const loops: Array<[string, (doc: Doc) => void, RegExp]> = [
    [
      'A -> B -> A',
      withSchemas({ A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } }),
      /#\/components\/schemas\/A -> #\/components\/schemas\/B -> #\/components\/schemas\/A/,
    ],
    [
      'A -> A',
      withSchemas({ A: { $ref: '#/components/schemas/A' } }),
      /#\/components\/schemas\/A -> #\/components\/schemas\/A/,
    ],
    [
      'A = allOf [A, …]',
      withSchemas({ A: { allOf: [{ $ref: '#/components/schemas/A' }, { type: 'object' }] } }),
      /#\/components\/schemas\/A -> #\/components\/schemas\/A\/allOf\/0 -> #\/components\/schemas\/A/,
    ],
    [
      '$ref: "#"',
      withSchemas({}, '#'),
      /\$ref # at components\.schemas\.Thing\.properties\.loop points at the whole document/,
    ],
  ];

  it.each(loops)(
    '%s is refused up front, as head or as base, in one line naming the pointers',
    async (_, edit, message) => {
      const looped = await edited(edit);
      for (const args of [
        ['--base', BASE, '--head', looped],
        ['--base', looped, '--head', BASE],
      ]) {
        const { code, stderr } = await runCli(['check', ...args, '--no-exceptions']);
        expect(code, args.join(' ')).toBe(2);
        expect(stderr).toMatch(message);
        expect(stderr.trim().split('\n')).toHaveLength(1);
      }
    },
  );

  it('a recursive schema (through a property) still compares', async () => {
    const node = {
      type: 'object',
      properties: { child: { $ref: '#/components/schemas/Node' }, v: { type: 'string' } },
    };
    const tree = await edited(withSchemas({ Node: node }, '#/components/schemas/Node'));
    const changed = await edited(
      withSchemas(
        { Node: { ...node, properties: { ...node.properties, v: { type: 'integer' } } } },
        '#/components/schemas/Node',
      ),
    );
    expect((await runCli(['check', '--base', tree, '--head', tree, '--no-exceptions'])).code).toBe(0);
    const { code, stdout } = await runCli(['check', '--base', tree, '--head', changed, '--no-exceptions']);
    expect(code).toBe(1);
    expect(stdout).toContain('SG012');
  });

  it('an oasdiff crash is summarised in one line, without its stack trace', async () => {
    // compareDocuments skips the loader's checks, so the loop reaches oasdiff, which panics on it.
    const head = structuredClone(baseDoc);
    withSchemas({ A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } })(head);
    const error = await compareDocuments(baseDoc, head).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^oasdiff failed \(exit \d+\): oasdiff crashed \(panic: /);
    expect(error?.message).not.toContain('\n');
    expect(error?.message).not.toMatch(/goroutine/);
  });
});

describe('YAML aliases', () => {
  it('a billion-laughs document is refused fast, not expanded', async () => {
    const levels = Array.from(
      { length: 9 },
      (_, i) => `x-a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`,
    );
    const bomb = join(dir, 'bomb.yaml');
    await writeFile(
      bomb,
      `openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\nx-a0: &a0 [${Array(10).fill('"lol"').join(',')}]\n${levels.join('\n')}\n`,
    );
    const started = Date.now();
    const { code, stderr } = await runCli(['check', '--base', BASE, '--head', bomb, '--no-exceptions']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bomb\.yaml: its YAML aliases expand too far/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a few ordinary aliases still read', async () => {
    const pair = join(CATALOGUE, '77-response-media-type-added');
    const { code } = await runCli([
      'check',
      '--base',
      join(pair, 'base.yaml'),
      '--head',
      join(pair, 'revision.yaml'),
      '--no-exceptions',
    ]);
    expect(code).toBe(0);
  });
});

describe('names that are not there', () => {
  it('a missing file whose name holds an @ is "no such file", never fetched from the registry', async () => {
    const { code, stderr } = await runCli(
      ['check', '--base', 'openapi@1.0.0.json', '--head', BASE, '--no-exceptions'],
      dir,
      { npm_config_offline: 'true' },
    );
    expect(code).toBe(2);
    expect(stderr).toContain('openapi@1.0.0.json: no such file');
    expect(stderr).not.toContain('npm pack');
  });

  it("a package npm cannot fetch shows npm's own reason", async () => {
    // Offline, npm refuses at once with ENOTCACHED: no network is used.
    const { code, stderr } = await runCli(
      ['check', '--base', '@zestequity-test/no-such-package@1.0.0', '--head', BASE, '--no-exceptions'],
      dir,
      { npm_config_offline: 'true' },
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/npm pack @zestequity-test\/no-such-package@1\.0\.0 failed: .*ENOTCACHED/);
  });

  it('--exceptions and --source naming a missing file are errors naming the file', async () => {
    for (const option of ['--exceptions', '--source']) {
      const { code, stderr } = await runCli(
        ['check', '--base', BASE, '--head', BASE, option, 'missing-file.yaml'],
        dir,
      );
      expect(code, option).toBe(2);
      expect(stderr, option).toContain(`${option} missing-file.yaml: no such file`);
    }
  });
});

describe('package tarballs', () => {
  it('a gzip bomb is refused at 64 MiB unpacked, with a clear message', async () => {
    const { gzipSync } = await import('node:zlib');
    const tarball = join(dir, 'bomb.tgz');
    await writeFile(tarball, gzipSync(Buffer.alloc(80 * 1024 * 1024), { level: 9 }));
    const { code, stderr } = await runCli(['check', '--base', tarball, '--head', BASE, '--no-exceptions']);
    expect(code).toBe(2);
    expect(stderr).toContain('bomb.tgz: the archive unpacks to more than 64 MiB');
  });
});

describe('documents of the wrong shape', () => {
  /** The catalogue's base with a schema nested `levels` objects deep, written as text (JSON.stringify would overflow). */
  async function deepDocument(levels: number): Promise<string> {
    const doc = structuredClone(baseDoc);
    doc.components.schemas.Thing.properties.deep = '@@DEEP@@';
    const inner = `${'{"type":"object","properties":{"n":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;
    const file = join(dir, `deep-${levels}.json`);
    await writeFile(file, JSON.stringify(doc).replace('"@@DEEP@@"', inner));
    return file;
  }

  it('nesting past the limit is refused in one line naming the limit, as head or as base, not a stack overflow', async () => {
    const deep = await deepDocument(1500);
    for (const args of [
      ['--base', BASE, '--head', deep],
      ['--base', deep, '--head', BASE],
    ]) {
      const { code, stderr } = await runCli(['check', ...args, '--no-exceptions']);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/deep-1500\.json: nested more than 256 levels deep/);
      expect(stderr).not.toMatch(/call stack/i);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('nesting within the limit still compares', async () => {
    const deep = await deepDocument(100);
    expect((await runCli(['check', '--base', deep, '--head', deep, '--no-exceptions'])).code).toBe(0);
  });

  it.each([
    [
      'paths: []',
      (doc: Doc) => {
        doc.paths = [];
      },
      /`paths` must be a mapping, not a list/,
    ],
    [
      'webhooks: a string',
      (doc: Doc) => {
        doc.webhooks = 'none';
      },
      /`webhooks` must be a mapping, not a string/,
    ],
    [
      'components: null',
      (doc: Doc) => {
        doc.components = null;
      },
      /`components` must be a mapping, not null/,
    ],
    [
      'components.schemas: []',
      (doc: Doc) => {
        doc.components.schemas = [];
      },
      /`components\.schemas` must be a mapping, not a list/,
    ],
    [
      'an operation that is a list',
      (doc: Doc) => {
        doc.paths['/v1/things'].get = [];
      },
      /`paths\.\/v1\/things\.get` must be a mapping, not a list/,
    ],
    [
      'servers: a mapping',
      (doc: Doc) => {
        doc.servers = { url: 'x' };
      },
      /`servers` must be a list, not a mapping/,
    ],
    [
      // oasdiff reads `GET` as `get` (Go decodes JSON keys ignoring case); generated clients drop the operation.
      'a method written in upper case',
      (doc: Doc) => {
        const { get, ...rest } = doc.paths['/v1/things'];
        doc.paths['/v1/things'] = { GET: get, ...rest };
      },
      /`paths\.\/v1\/things\.GET` is not an OpenAPI field: HTTP methods are written in lower case/,
    ],
    [
      'a webhook method in mixed case',
      (doc: Doc) => {
        doc.webhooks['thing.created'] = { Post: doc.webhooks['thing.created'].post };
      },
      /`webhooks\.thing\.created\.Post` is not an OpenAPI field/,
    ],
    // Malformed schema keywords: oasdiff would fail decoding its temporary file, with no place in the spec.
    [
      'a schema whose properties are a string',
      (doc: Doc) => {
        doc.components.schemas.Thing.properties = 'oops';
      },
      /#\/components\/schemas\/Thing\/properties must be an object/,
    ],
    [
      'a required list written as a string',
      (doc: Doc) => {
        doc.components.schemas.Thing.required = 'id';
      },
      /#\/components\/schemas\/Thing\/required must be an array/,
    ],
    [
      'a parameter minimum written as a word',
      (doc: Doc) => {
        doc.paths['/v1/things'].get.parameters[0].schema.minimum = 'one';
      },
      /#\/paths\/~1v1~1things\/get\/parameters\/0\/schema\/minimum must be a number/,
    ],
    [
      'an enum nested in array items written as a string',
      (doc: Doc) => {
        doc.components.schemas.Thing.properties.tags.items = { type: 'string', enum: 'a' };
      },
      /#\/components\/schemas\/Thing\/properties\/tags\/items\/enum must be an array/,
    ],
    [
      'a webhook payload property that is a number',
      (doc: Doc) => {
        doc.components.schemas.ThingData.properties.name = 5;
      },
      /#\/components\/schemas\/ThingData\/properties\/name must be a schema/,
    ],
  ])('%s is refused up front with a message naming the section, not an oasdiff error', async (_, edit, message) => {
    const file = await edited(edit);
    const { code, stderr } = await runCli(['check', '--base', BASE, '--head', file, '--no-exceptions']);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/oasdiff|unmarshal/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a leading byte order mark is not part of the document, in JSON or YAML', async () => {
    const json = join(dir, 'bom.json');
    const yaml = join(dir, 'bom.yaml');
    await writeFile(json, `\uFEFF${JSON.stringify(baseDoc)}`);
    await writeFile(yaml, `\uFEFF${stringify(baseDoc)}`);
    for (const file of [json, yaml]) {
      const { code, stderr } = await runCli(['check', '--base', BASE, '--head', file, '--no-exceptions']);
      expect(stderr, file).toBe('');
      expect(code, file).toBe(0);
    }
  });
});

describe('a $ref inside data is data', () => {
  it('an example, a constant, a default or an extension holding `$ref` (even to nothing) is not followed', async () => {
    const file = await edited((doc) => {
      doc.components.schemas.Thing.example = { $ref: '#/components/schemas/Nowhere' };
      doc.components.schemas.ThingCreate.properties.marker = { const: { $ref: '#' }, default: { $ref: '#/x' } };
      doc.paths['/v1/things'].get['x-schema-of-page'] = { $ref: '#/components/schemas/Nowhere' };
      doc.components.schemas.ThingCreate.properties.name.examples = [{ $ref: '#/nowhere' }];
    });
    const { code, stdout } = await runCli([
      'check',
      '--base',
      BASE,
      '--head',
      file,
      '--no-exceptions',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const rules = new Set((JSON.parse(stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule));
    // The new optional input is additive; the rest is documentation.
    expect([...rules].sort()).toEqual(['SG051', 'SG071', 'SG072']);
  });

  it('a named example that is a reference must still point somewhere', async () => {
    const file = await edited((doc) => {
      doc.paths['/v1/things'].post.requestBody.content['application/json'].examples.missing = {
        $ref: '#/components/examples/Missing',
      };
    });
    const { code, stderr } = await runCli(['check', '--base', BASE, '--head', file, '--no-exceptions']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\$ref #\/components\/examples\/Missing at .*examples\.missing points to nothing/);
  });

  it('boolean schemas compare like the object schemas they stand for, instead of failing oasdiff', async () => {
    const base = structuredClone(baseDoc);
    const head = structuredClone(baseDoc);
    base.components.schemas.ThingCreate.properties.extra = {};
    head.components.schemas.ThingCreate.properties.extra = true;
    head.components.schemas.Thing.properties.note = true;
    const drafts = await compareDocuments(base, head);
    expect([...new Set(drafts.filter((d) => d.engine !== 'docs').map((d) => d.rule))]).toEqual(['SG012']);
  });
});
