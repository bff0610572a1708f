#!/usr/bin/env node
// How long one comparison of the full spec takes, in process (no Node start-up): the bundled spec against itself,
// against an equivalent rewrite (its largest response schema recomposed as allOf) and, if given, against another
// document (`node bench/compare.mjs [other.json] [runs]`, e.g. the live service's document). Prints min / median /
// max in milliseconds. Run `pnpm build` first: it measures dist/, as the CLI runs it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadBundledSpec } from '@zestequity/spec-model';
import { compareDocuments } from '../dist/index.js';

const spec = loadBundledSpec();
const [other, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 15);

function recomposed(doc) {
  const copy = structuredClone(doc);
  const schemas = copy.components.schemas;
  const [name, schema] = Object.entries(schemas).sort(
    ([, a], [, b]) => Object.keys(b.properties ?? {}).length - Object.keys(a.properties ?? {}).length,
  )[0];
  const keys = Object.keys(schema.properties);
  const part = (ks) => ({
    type: 'object',
    properties: Object.fromEntries(ks.map((k) => [k, schema.properties[k]])),
    required: (schema.required ?? []).filter((r) => ks.includes(r)),
  });
  schemas[`${name}Core`] = part(keys.slice(0, keys.length / 2));
  schemas[`${name}Extra`] = part(keys.slice(keys.length / 2));
  schemas[name] = {
    description: schema.description,
    allOf: [{ $ref: `#/components/schemas/${name}Core` }, { $ref: `#/components/schemas/${name}Extra` }],
  };
  return copy;
}

const cases = [
  ['spec against itself', spec, spec],
  ['spec against an allOf recomposition', spec, recomposed(spec)],
];
if (other) cases.push([`${other} against spec`, JSON.parse(readFileSync(other, 'utf8')), spec]);

for (const [label, base, head] of cases) {
  const times = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    findings = (await compareDocuments(base, head)).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const ms = (t) => t.toFixed(0);
  console.log(
    `${label}: ${findings} findings; ${runs} runs: min ${ms(times[0])} ms, median ${ms(times[Math.floor(runs / 2)])} ms, max ${ms(times.at(-1))} ms`,
  );
}
