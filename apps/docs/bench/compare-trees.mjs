#!/usr/bin/env node
// Build time of this tree's docs site and of another tree's (an older commit's apps/docs), against the same peer, in
// one session:   node bench/compare-trees.mjs <other tree's apps/docs> [rounds]
// Each round builds both trees, the order alternating from round to round, and each build is followed by the peer
// (`redocly build-docs --inlineBundle` of the same spec), so that both ratios see the same load. Prints the medians,
// the ratio of the medians, the median of each build's ratio to the peer run just after it, and the load average.
//
// The other tree must be runnable where it is: e.g. `git archive <commit> apps/docs docs | tar -x -C /tmp/before`,
// then link `/tmp/before/apps/docs/node_modules` to this tree's, and `spec`, `packages`, `.changeset` and
// `node_modules` at /tmp/before's root to this checkout's, so that both build the same spec and changesets.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { specPath } from '@zestequity/testing';
import { build } from '../scripts/build.mjs';
import { redoclyBin } from '../src/reference.mjs';

const run = promisify(execFile);
const [otherDir, roundsArg = '9'] = process.argv.slice(2);
if (!otherDir) {
  console.error('usage: node bench/compare-trees.mjs <other apps/docs> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg);
const builds = {
  other: (await import(join(resolve(otherDir), 'scripts', 'build.mjs'))).build,
  this: build,
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const workDir = await mkdtemp(join(tmpdir(), 'zest-docs-compare-'));
try {
  const config = join(workDir, 'redocly.yaml');
  await writeFile(config, 'telemetry: off\n');
  const peer = async () => {
    const started = performance.now();
    const args = [redoclyBin(), 'build-docs', specPath(), '--inlineBundle', '--config', config];
    await run(process.execPath, [...args, '--output', join(workDir, 'peer.html')], {
      cwd: workDir,
      maxBuffer: 64 * 1024 * 1024,
    });
    return performance.now() - started;
  };
  const ms = { other: [], this: [], peer: [] };
  const ratios = { other: [], this: [] };
  const loads = [];
  for (let i = 0; i < rounds; i++) {
    for (const tree of i % 2 ? ['this', 'other'] : ['other', 'this']) {
      loads.push(loadavg()[0]);
      const { ms: built } = await builds[tree]({ outDir: join(workDir, tree), quiet: true });
      const peerMs = await peer();
      ms[tree].push(built);
      ms.peer.push(peerMs);
      ratios[tree].push(built / peerMs);
    }
  }
  const f = (n) => `${n.toFixed(0)} ms`;
  const x = (n) => `${n.toFixed(2)}x`;
  console.log(
    `${rounds} rounds; load average (1 min) ${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)}`,
  );
  console.log(`medians: other ${f(median(ms.other))}, this ${f(median(ms.this))}, peer ${f(median(ms.peer))}`);
  const p = median(ms.peer);
  console.log(`ratio of medians to the peer: other ${x(median(ms.other) / p)}, this ${x(median(ms.this) / p)}`);
  console.log(`median of per-build ratios: other ${x(median(ratios.other))}, this ${x(median(ratios.this))}`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
