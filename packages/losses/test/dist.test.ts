/**
 * The built package must work in plain Node (no vitest transforms, no registered gradients), both as ESM
 * and as CommonJS, with tfjs-core and a backend that the user installs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Shared body: runs against `L` (the package), `O` (the oracle subpath) and `tf`, prints JSON.
const body = `
  const q = [[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [-0.5, 0.2, 0.1]];
  const c = [[0.2, 0.1, -0.4], [-0.3, 0.5, 0.2], [0.4, -0.1, 0.3], [0.1, 0.1, 0.1]];
  const r = [[1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 1, 1]];
  const out = L.infoNceValueAndGradients(q, c, r, { temperature: 0.1, normalizer: 5 });
  const ref = O.infoNceValueAndGradients(q, c, r, { temperature: 0.1, normalizer: 5 });
  // tf.grad through the fused InfoNCE needs no registered gradient.
  const [gq] = tf.grads((x, y) => L.infoNce(x, y, r, { temperature: 0.1 }))([tf.tensor2d(q), tf.tensor2d(c)]);
  const fdq = (() => {
    const h = 1e-6, f = (m) => O.infoNce(m, c, r, { temperature: 0.1 });
    return q.map((row, i) => row.map((v, k) => { const p = q.map((x) => x.slice()), n = q.map((x) => x.slice()); p[i][k] += h; n[i][k] -= h; return (f(p) - f(n)) / (2 * h); }));
  })();
  const scores = L.maxSim([[[1, 0], [0, 1]]], [[[2, 0], [0, 3], [1, 1]]]).arraySync();
  console.log(JSON.stringify({
    backend: tf.getBackend(),
    loss: out.loss.arraySync(), refLoss: ref.loss,
    qg: out.queryGradient.arraySync(), refQg: ref.queryGradient,
    fusedGrad: gq.arraySync(), fdGrad: fdq,
    scores,
  }));
`;

const esm = `
  import * as tf from '@tensorflow/tfjs-core';
  import '@tensorflow/tfjs-backend-cpu';
  import * as L from './dist/index.js';
  import * as O from './dist/oracle.js';
  await tf.setBackend('cpu');
  ${body}
`;
const cjs = `
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  const L = require('./dist/index.cjs');
  const O = require('./dist/oracle.cjs');
  tf.setBackend('cpu').then(() => { ${body} });
`;

function run(args: string[]): Record<string, unknown> {
  const stdout = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const line = stdout.trim().split('\n').at(-1)!;
  return JSON.parse(line) as Record<string, unknown>;
}

function maxAbsDiff(a: unknown, b: unknown): number {
  const fa = [a].flat(3) as number[];
  const fb = [b].flat(3) as number[];
  expect(fa.length).toBe(fb.length);
  return Math.max(...fa.map((v, i) => Math.abs(v - fb[i]!)));
}

describe('built dist in plain Node', () => {
  it('has been built', () => {
    expect(existsSync(join(root, 'dist/index.js')) && existsSync(join(root, 'dist/index.cjs'))).toBe(true);
  });

  it.each([
    ['ESM', ['--input-type=module', '-e', esm]],
    ['CommonJS', ['-e', cjs]],
  ])('works as %s', (_, args) => {
    const result = run(args as string[]);
    expect(result.backend).toBe('cpu');
    expect(maxAbsDiff(result.loss, result.refLoss)).toBeLessThan(1e-5);
    expect(maxAbsDiff(result.qg, result.refQg)).toBeLessThan(1e-4);
    expect(maxAbsDiff(result.fusedGrad, result.fdGrad)).toBeLessThan(1e-3);
    expect(result.scores).toEqual([[5]]);
  }, 60_000);
});
