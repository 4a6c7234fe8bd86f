import { describe, expect, it } from 'vitest';
import { resolveObjective } from '../engines/contract.js';
import { criticalNJobParameters } from './train-run.js';
import { criticalNJobId, initialCriticalN, resolveTrainingSettings, type CriticalNJob } from './job.js';
import { PAPER_CRITICAL_N, paperCriticalNFit } from './paper.js';
import { parameterSignature } from '../results/experiment-parameters.js';

const paperJob: CriticalNJob = { d: 4, k: 2, n: 10, seed: 42, training: resolveTrainingSettings(), engine: 'js', precision: 'float32', certificate: false };

describe('critical-n job identity', () => {
  it("keeps the id of a paper job as it was (the documented literal), whatever way the paper's setting is spelt", () => {
    const id = criticalNJobId(paperJob);
    // the readable part as it was, then the hash of the whole job (issue 23)
    expect(id).toMatch(/^cn-d4-k2-n10-s42-float32-lr0\.01-t0\.1-it100000-log50-es1000_0\.00001-h[0-9a-f]{16}$/);
    expect(criticalNJobId({ ...paperJob, objective: resolveObjective('infoNce'), queryMode: 'free', passRule: { rule: 'official' } })).toBe(id);
  });

  it('names the objective, centroid queries and the margin rule in the id, and their results-row parameters differ', () => {
    const hinge = { ...paperJob, objective: resolveObjective({ name: 'hinge', margin: 0.2 }) };
    const all = { ...hinge, queryMode: 'centroid' as const, passRule: { rule: 'margin' as const, margin: 0.05 } };
    expect(criticalNJobId(hinge)).toMatch(/^cn-d4-k2-n10-s42-float32-lr0\.01-t0\.1-it100000-log50-es1000_0\.00001-ohinge-m0\.2-h[0-9a-f]{16}$/);
    expect(criticalNJobId(all)).toMatch(/^cn-d4-k2-n10-s42-float32-lr0\.01-t0\.1-it100000-log50-es1000_0\.00001-ohinge-m0\.2-qcentroid-pmargin0\.05-h[0-9a-f]{16}$/);
    expect(criticalNJobId({ ...paperJob, objective: resolveObjective('sigmoid') })).toMatch(/-osigmoid-t0\.1-b-10-h[0-9a-f]{16}$/);
    const signatures = new Set([paperJob, hinge, all].map((j) => parameterSignature(criticalNJobParameters(j))));
    expect(signatures.size).toBe(3);
  });

  it('starts the gallop from Table 6 at d ≤ 8 only, so resumed folders of larger d retrace the same n', () => {
    expect(initialCriticalN(6, 2)).toBe(19);
    expect(initialCriticalN(9, 2)).toBe(Math.round(paperCriticalNFit(9)));
    expect(initialCriticalN(9, 2)).not.toBe(PAPER_CRITICAL_N[9]);
  });
});
