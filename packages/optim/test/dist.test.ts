/** The built package in plain Node, as ESM and as CommonJS (turbo builds it before the tests). */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const body = `
  const w = new Float64Array([1]);
  const o = M.adamW([w], { learningRate: 0.1, weightDecay: 0 });
  o.step([new Float64Array([2])]);
  console.log(JSON.stringify({ w: w[0], name: o.name, exports: Object.keys(M).sort() }));
`;

function run(args: string[]): { w: number; name: string; exports: string[] } {
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { w: number; name: string; exports: string[] };
}

describe('dist', () => {
  const expected = { w: 1 - 0.1 * (2 / (2 + 1e-8)), name: 'adamw', exports: ['adam', 'adamW', 'findLearningRate', 'sgd'] };
  it('ESM', () => {
    expect(run(['--input-type=module', '-e', `import * as M from './dist/index.js'; ${body}`])).toEqual(expected);
  });
  it('CommonJS', () => {
    expect(run(['-e', `const M = require('./dist/index.cjs'); ${body}`])).toEqual(expected);
  });
});
