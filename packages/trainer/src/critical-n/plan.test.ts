import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { calibrateStepCost, planCriticalNExperiment } from './plan.js';

describe('calibrateStepCost', () => {
  it('recovers a known linear cost model from exact samples', () => {
    const truth = (n: number, d: number) => 0.002 + 3e-9 * ((n * (n - 1)) / 2) * n * d;
    const model = calibrateStepCost([
      { n: 30, d: 8, k: 2, secondsPerStep: truth(30, 8) },
      { n: 80, d: 16, k: 2, secondsPerStep: truth(80, 16) },
      { n: 150, d: 24, k: 2, secondsPerStep: truth(150, 24) },
    ]);
    expect(model.overheadSeconds).toBeCloseTo(0.002, 9);
    expect(model.secondsPerUnit).toBeCloseTo(3e-9, 15);
    expect(model.secondsPerStep(600, 45, 2)).toBeCloseTo(truth(600, 45), 9);
  });
  it('rejects empty or non-positive samples', () => {
    expect(() => calibrateStepCost([])).toThrow(InvalidArgumentError);
    expect(() => calibrateStepCost([{ n: 10, d: 4, k: 2, secondsPerStep: 0 }])).toThrow(/samples\[0\]/);
  });
});

describe('planCriticalNExperiment', () => {
  it('counts the runs of the protocol at the expected threshold (hand check d = 4: n = 6…15) and sums their hours', () => {
    const stepCost = calibrateStepCost([{ n: 10, d: 4, k: 2, secondsPerStep: 1e-3 }]); // through the origin: 1e-3 / (45·10·4) per unit
    const plan = planCriticalNExperiment({ dimensions: [4], workers: [1, 8], stepCost, stepsPerRun: 3600 });
    const row = plan.rows[0]!;
    // gallop 10 ✓, 11 ✗; nothing between; sweep 6…15 adds 6, 7, 8, 9, 12, 13, 14, 15
    expect(row.ns).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(row.runs).toBe(10);
    const hours = row.ns.reduce((s, n) => s + (3600 * 1e-3 * ((n * (n - 1)) / 2) * n) / (45 * 10), 0) / 3600;
    expect(row.cpuHours).toBeCloseTo(hours, 12);
    expect(plan.wallHours[0]!.hours).toBeCloseTo(hours, 12);
    // 8 workers: no faster than the longest single run (n = 15)
    expect(plan.wallHours[1]!.hours).toBeCloseTo(Math.max(hours / 8, row.longestRunHours), 12);
  });
  it('multiplies runs by restarts and rejects bad options', () => {
    const stepCost = calibrateStepCost([{ n: 10, d: 4, k: 2, secondsPerStep: 1e-3 }]);
    expect(planCriticalNExperiment({ dimensions: [4], restarts: 3, stepCost, stepsPerRun: 10 }).rows[0]!.runs).toBe(30);
    expect(() => planCriticalNExperiment({ dimensions: [4], stepCost, stepsPerRun: 0 })).toThrow(/stepsPerRun/);
    expect(() => planCriticalNExperiment({ dimensions: [4], stepCost, stepsPerRun: 1, workers: [0] })).toThrow(/workers\[0\]/);
  });
});
