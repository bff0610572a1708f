import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/index.js';
import { CATALOGUE, runCli } from './helpers.js';

const pair = join(CATALOGUE, '46-response-property-added');

describe('command line', () => {
  it('exits 0 when nothing is breaking and 1 when something is', async () => {
    expect(
      (await runCli(['check', '--base', join(pair, 'base.yaml'), '--head', join(pair, 'revision.yaml')])).code,
    ).toBe(0);
    const breaking = join(CATALOGUE, '01-operation-removed');
    expect(
      (await runCli(['check', '--base', join(breaking, 'base.yaml'), '--head', join(breaking, 'revision.yaml')])).code,
    ).toBe(1);
  });

  it('rejects bad usage with exit 2 and a message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['check', '--head', 'x.yaml'], /needs --base and --head/],
      [
        ['check', '--base', join(pair, 'base.yaml'), '--head', join(pair, 'revision.yaml'), '--format', 'xml'],
        /--format must be one of/,
      ],
      [
        ['check', '--base', join(pair, 'base.yaml'), '--head', join(pair, 'revision.yaml'), '--write', 'markdown'],
        /--write takes/,
      ],
      [
        ['check', '--base', join(pair, 'base.yaml'), '--head', join(pair, 'revision.yaml'), '--today', 'tomorrow'],
        /--today takes/,
      ],
      [['check', '--base', join(pair, 'base.yaml'), '--head', join(pair, 'nope.yaml')], /nope\.yaml: no such file/],
      [['compare'], /unknown command compare/],
      [['check', '--bogus'], /Unknown option/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toMatch(message);
    }
  });

  it('rejects a document that is not OpenAPI', async () => {
    const { code, stderr } = await runCli([
      'check',
      '--base',
      join(CATALOGUE, '01-operation-removed', 'expected.json'),
      '--head',
      join(pair, 'revision.yaml'),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/not an OpenAPI 3\.0 or 3\.1 document/);
  });

  it('names a dangling $ref instead of failing inside oasdiff', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spec-guard-cli-'));
    try {
      const broken = (await readFile(join(pair, 'revision.yaml'), 'utf8')).replace(
        '$ref: "#/components/schemas/ThingCreate"',
        '$ref: "#/components/schemas/Nowhere"',
      );
      await writeFile(join(dir, 'broken.yaml'), broken);
      const { code, stderr } = await runCli([
        'check',
        '--base',
        join(pair, 'base.yaml'),
        '--head',
        join(dir, 'broken.yaml'),
      ]);
      expect(code).toBe(2);
      expect(stderr).toContain(
        '$ref #/components/schemas/Nowhere at paths./v1/things.post.requestBody.content.application/json.schema points to nothing',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a --write target it cannot write before comparing, in one line, with exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spec-guard-cli-'));
    try {
      await writeFile(join(dir, 'a-file'), '');
      const good = join(dir, 'good.md');
      const cases: Array<[string, RegExp]> = [
        [join(dir, 'missing', 'dir', 'x.md'), /the directory .*missing[/\\]dir does not exist/],
        [dir, /it is a directory/],
        [join(dir, 'a-file', 'x.md'), /a part of .*a-file.* is not a directory/],
      ];
      for (const [target, why] of cases) {
        const args = ['check', '--base', join(pair, 'base.yaml'), '--head', join(pair, 'revision.yaml')];
        const { code, stdout, stderr } = await runCli([
          ...args,
          '--write',
          `json=${good}`,
          '--write',
          `markdown=${target}`,
        ]);
        expect(code, target).toBe(2);
        // Refused before the comparison: no verdict printed, and no other report written either.
        expect(stdout, target).toBe('');
        expect(stderr.trim().split('\n'), target).toHaveLength(1);
        expect(stderr, target).toMatch(new RegExp(`^spec-guard: cannot write --write markdown=.*: ${why.source}`));
        expect(stderr, target).not.toMatch(/^\s+at /m);
        await expect(readFile(good, 'utf8'), target).rejects.toThrow();
      }
      const { code } = await runCli([
        'check',
        '--base',
        join(pair, 'base.yaml'),
        '--head',
        join(pair, 'revision.yaml'),
        '--write',
        `markdown=${good}`,
      ]);
      expect(code).toBe(0);
      expect(await readFile(good, 'utf8')).toMatch(/spec-guard/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists the rules', async () => {
    const { code, stdout } = await runCli(['rules']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(RULES.length);
    expect(stdout).toMatch(/^SG001 {2}breaking {2}operation-removed/);
  });
});
