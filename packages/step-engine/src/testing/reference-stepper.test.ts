import { describe, expect, it } from 'vitest';
import { OBJECTIVE_DEFAULTS, type ObjectiveName, type QueryMode } from '../objectives.js';
import { contractProblem, kSubsets, qrelsFromSets, unitRows } from './problems.js';
import { ReferenceStepper } from './reference-stepper.js';

const settings: Array<[ObjectiveName, QueryMode]> = [
  ['infoNce', 'free'],
  ['hinge', 'free'],
  ['sigmoid', 'free'],
  ['infoNce', 'centroid'],
  ['hinge', 'centroid'],
  ['sigmoid', 'centroid'],
];

/** The loss at perturbed parameters, for central finite differences. */
function lossAt(stepper: ReferenceStepper, which: 'Q' | 'D', index: number, delta: number): number {
  const target = which === 'D' ? stepper.D : (stepper as unknown as { freeQ: Float64Array }).freeQ;
  const saved = target[index]!;
  target[index] = saved + delta;
  const loss = stepper.lossAndGradients().loss;
  target[index] = saved;
  return loss;
}

describe('ReferenceStepper', () => {
  it.each(settings)('the %s gradient (%s queries) equals central finite differences', (name, queryMode) => {
    // Away from hinge kinks: a margin no pair sits on (checked below through the finite differences agreeing).
    const objective = name === 'hinge' ? { name: 'hinge' as const, margin: 0.37 } : { ...OBJECTIVE_DEFAULTS[name] };
    const stepper = new ReferenceStepper(contractProblem(7, 3, 2, 3, { objective, queryMode }));
    const { queries, documents } = stepper.lossAndGradients();
    const h = 1e-6;
    let worst = 0;
    let largest = 0;
    for (const [which, grad] of [['D', documents], ['Q', queries]] as const) {
      if (which === 'Q' && queryMode === 'centroid') {
        expect(Array.from(grad).every((g) => g === 0)).toBe(true);
        continue;
      }
      for (let i = 0; i < grad.length; i++) {
        const numeric = (lossAt(stepper, which, i, h) - lossAt(stepper, which, i, -h)) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - grad[i]!));
        largest = Math.max(largest, Math.abs(grad[i]!));
      }
    }
    expect(largest).toBeGreaterThan(1e-4);
    expect(worst).toBeLessThan(1e-7 + 1e-6 * largest);
  });

  it('InfoNCE: the loss of a hand-computed problem', () => {
    // q = 1, n = 2, d = 1: q = [1], D = [[1], [−1]], doc 0 relevant, T = 0.5 → logits 2, −2;
    // L = −log(e² / (e² + e⁻²)) = log(1 + e⁻⁴).
    const stepper = new ReferenceStepper({
      queries: { rows: 1, cols: 1, data: Float32Array.of(1) },
      documents: { rows: 2, cols: 1, data: Float32Array.of(1, -1) },
      qrels: qrelsFromSets([[0]], 2),
      learningRate: 0.01,
      temperature: 0.5,
      adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      blockSize: 1,
    });
    expect(stepper.lossAndGradients().loss).toBeCloseTo(Math.log1p(Math.exp(-4)), 14);
  });

  it('hinge: zero loss exactly when every query clears the margin; the hand count otherwise', () => {
    // q = 1, n = 3, d = 2, doc 0 relevant: scores 1, 0.95, 0 → pairs (0,1): 0.1 − 0.05 = 0.05 > 0, (0,2): −0.9.
    const documents = { rows: 3, cols: 2, data: Float32Array.of(1, 0, 0.95, Math.sqrt(1 - 0.95 ** 2), 0, 1) };
    const base = {
      queries: { rows: 1, cols: 2, data: Float32Array.of(1, 0) },
      documents,
      qrels: qrelsFromSets([[0]], 3),
      learningRate: 0.01,
      adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      blockSize: 1,
    };
    const at = (margin: number) => new ReferenceStepper({ ...base, objective: { name: 'hinge', margin } }).lossAndGradients().loss;
    const s1 = Math.fround(0.95); // the document's first coordinate as stored in float32
    expect(at(0.1)).toBeCloseTo((0.1 - (1 - s1)) / 2, 12); // N = 1 · 2 pairs
    expect(at(0.04)).toBe(0);
  });

  it('sigmoid: the loss of a hand-computed problem', () => {
    // q = 1, n = 2, scores 1 and −1, doc 0 relevant, T = 1, b = 0: L = ½(softplus(−1) + softplus(−1)).
    const stepper = new ReferenceStepper({
      queries: { rows: 1, cols: 1, data: Float32Array.of(1) },
      documents: { rows: 2, cols: 1, data: Float32Array.of(1, -1) },
      qrels: qrelsFromSets([[0]], 2),
      learningRate: 0.01,
      objective: { name: 'sigmoid', temperature: 1, bias: 0 },
      adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      blockSize: 1,
    });
    expect(stepper.lossAndGradients().loss).toBeCloseTo(Math.log1p(Math.exp(-1)), 14);
  });

  it('centroid queries are the means of their documents and are not re-normalised', () => {
    const init = contractProblem(5, 3, 2, 4, { queryMode: 'centroid' });
    const stepper = new ReferenceStepper(init);
    const sets = kSubsets(5, 2);
    const Q = stepper.Q;
    sets.forEach(([a, b], i) => {
      for (let c = 0; c < 3; c++) expect(Q[i * 3 + c]).toBeCloseTo((stepper.D[a! * 3 + c]! + stepper.D[b! * 3 + c]!) / 2, 15);
    });
    stepper.step();
    expect(Math.hypot(...stepper.Q.subarray(0, 3))).toBeLessThan(1);
  });

  it('a step re-normalises every row and lowers the InfoNCE loss and solves a small problem within 2,000 steps', () => {
    const stepper = new ReferenceStepper({ ...contractProblem(6, 4, 2, 5), documents: unitRows(6, 4, 99) });
    const first = stepper.step();
    let last = first;
    for (let s = 0; s < 2000 && stepper.accuracy().exactTopK < 1; s++) last = stepper.step();
    expect(last).toBeLessThan(first);
    for (let r = 0; r < 6; r++) expect(Math.hypot(...stepper.D.subarray(r * 4, r * 4 + 4))).toBeCloseTo(1, 12);
    expect(stepper.accuracy().exactTopK).toBe(1);
  });
});
