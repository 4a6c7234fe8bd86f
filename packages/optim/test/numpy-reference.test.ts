/**
 * The optimisers against an independent float64 implementation: test/fixtures/make-reference.py, written in
 * numpy from PyTorch's documented algorithms, records θ after each of 25 steps on a non-quadratic function.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adam, adamW, sgd, type FloatArray, type Optimizer } from '../src/index.js';

interface Case {
  options: Record<string, unknown>;
  trajectory: number[][];
  decayMask?: number[];
  schedule?: string;
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8')) as {
  A: number[][];
  b: number[];
  theta0: number[];
  steps: number;
  cases: Record<string, Case>;
};

/** ∇f(θ) = Aθ − b + ½ sin(3θ), the fixture's gradient. */
function gradient(theta: ArrayLike<number>): Float64Array {
  const g = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    let s = -reference.b[i]! + 0.5 * Math.sin(3 * theta[i]!);
    for (let j = 0; j < theta.length; j++) s += reference.A[i]![j]! * theta[j]!;
    g[i] = s;
  }
  return g;
}

const make: Record<string, (params: FloatArray[], c: Case) => Optimizer> = {
  sgd: (p, c) => sgd(p, c.options as never),
  'sgd-momentum': (p, c) => sgd(p, c.options as never),
  'sgd-nesterov': (p, c) => sgd(p, c.options as never),
  adam: (p, c) => adam(p, c.options),
  'adam-l2': (p, c) => adam(p, c.options),
  adamw: (p, c) => adamW(p, c.options),
  'adamw-schedule': (p, c) => adamW(p, c.options),
};

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('optimisers against numpy (PyTorch algorithms, float64)', () => {
  for (const [name, c] of Object.entries(reference.cases)) {
    it(`${name}: θ after every step within 1e-12`, () => {
      expect(c.trajectory).toHaveLength(reference.steps);
      let worst = 0;
      if (name === 'adamw-groups') {
        // the first three coordinates decay (a group with the optimiser's λ), the last two do not
        const decayed = Float64Array.from(reference.theta0.slice(0, 3));
        const kept = Float64Array.from(reference.theta0.slice(3));
        expect(c.decayMask).toEqual([1, 1, 1, 0, 0]);
        const optimizer = adamW([decayed, { parameters: [kept], weightDecay: 0 }], c.options);
        for (const expected of c.trajectory) {
          const g = gradient([...decayed, ...kept]);
          optimizer.step([g.slice(0, 3), g.slice(3)]);
          worst = Math.max(worst, maxAbsDiff([...decayed, ...kept], expected));
        }
      } else {
        const theta = Float64Array.from(reference.theta0);
        const optimizer = make[name]!([theta], c);
        c.trajectory.forEach((expected, t) => {
          if (c.schedule !== undefined) {
            expect(c.schedule).toBe('0.1/t');
            optimizer.learningRate = 0.1 / (t + 1);
          }
          optimizer.step([gradient(theta)]);
          worst = Math.max(worst, maxAbsDiff(theta, expected));
        });
        expect(optimizer.stepCount).toBe(reference.steps);
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('float32 parameters follow the float64 trajectory to float32 precision (AdamW)', () => {
    const c = reference.cases['adamw']!;
    const theta = Float32Array.from(reference.theta0);
    const optimizer = adamW([theta], c.options);
    let worst = 0;
    for (const expected of c.trajectory) {
      optimizer.step([Float32Array.from(gradient(theta))]);
      worst = Math.max(worst, maxAbsDiff(theta, expected));
    }
    expect(worst).toBeGreaterThan(0); // really float32 arithmetic on the stored values
    expect(worst).toBeLessThan(2e-5);
  });
});
