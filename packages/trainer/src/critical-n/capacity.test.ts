import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { momentCurveEmbedding } from '@limit/matrix';
import { runCapacityExperiment } from './capacity.js';

describe('runCapacityExperiment', () => {
  it('searches each objective, refits the first failed n, and puts the construction beside them (d = 4, 5; js engine)', async () => {
    const stages: string[] = [];
    const ids = new Set<string>();
    const result = await runCapacityExperiment({
      dimensions: [4, 5],
      objectives: ['infoNce', 'hinge'],
      restarts: 2,
      engine: 'js',
      margin: 0.01,
      onStage: (m) => stages.push(m),
      onRun: (run) => ids.add(run.jobId),
    });
    expect(result.objectives).toEqual(['infoNce-t0.1', 'hinge-m0.1']);
    expect(result.statistic).toBe('single');
    expect(result.rows.map((r) => [r.d, r.paper])).toEqual([[4, 10], [5, 14]]);
    // every run of both objectives has its own id: hinge ids carry the objective, paper ids do not
    expect([...ids].some((id) => /-ohinge-m0\.1-h[0-9a-f]{16}$/.test(id))).toBe(true);
    expect([...ids].filter((id) => !id.includes('-o')).every((id) => /es1000_0\.00001-h[0-9a-f]{16}$/.test(id))).toBe(true);
    for (const row of result.rows) {
      for (const o of row.objectives) {
        expect(o.criticalN).not.toBeNull();
        expect(o.diff).toBe(o.criticalN! - row.paper!);
        for (const s of o.successes) expect(s.seeds).toBe(2);
        // the critical n was solved by seed 0 (statistic single), so some run there has a positive margin
        expect(o.marginAtCriticalN!).toBeGreaterThan(0);
        expect(o.theorem1AtCriticalN!).toBeLessThanOrEqual(row.d);
        if (o.largestNAtMargin !== null) expect(o.successes.find((s) => s.n === o.largestNAtMargin)!.bestMargin!).toBeGreaterThanOrEqual(0.01);
        expect(o.refit).not.toBeNull();
        expect(o.refit!.n).toBe(o.firstFailedN);
        expect(o.refit!.reproduced).toBe(true);
        expect(o.refit!.admitted + o.refit!.notAdmitted + o.refit!.undecided).toBe(o.refit!.numQueries);
        expect(o.refit!.trainedRealised).toBeLessThan(o.refit!.numQueries);
        expect(['query-side', 'document-side', 'undecided']).toContain(o.refit!.diagnosis);
      }
      // the construction rows: margins by the one definition agree with the construction's own checker
      for (const c of row.construction!) {
        const v = momentCurveEmbedding(c.n, 2).verify({ maxSubsets: 1e6 });
        expect(c.float64Margin).toBeCloseTo(v.float64.minMargin, 12);
        expect(c.float32Margin).toBe(v.float32.minMargin);
        expect(c.float32Realised).toBe(v.float32.correct);
        expect(c.theorem1AtMargin!).toBeLessThanOrEqual(4);
      }
      expect(row.construction!.some((c) => c.sources.includes('paper'))).toBe(true);
    }
    expect(result.float32Limit!.largestN).toBe(166);
    expect(stages.some((s) => /refitting the queries of the first failed n/.test(s))).toBe(true);
  }, 300_000);

  it('refuses an empty or repeated objective list and a bad margin before training', async () => {
    const parameter = async (o: Parameters<typeof runCapacityExperiment>[0]) => ((await runCapacityExperiment(o).catch((e: unknown) => e)) as InvalidArgumentError).parameter;
    expect(await parameter({ dimensions: [4], objectives: [] })).toBe('objectives');
    expect(await parameter({ dimensions: [4], objectives: ['hinge', { name: 'hinge' }] })).toBe('objectives');
    expect(await parameter({ dimensions: [4], objectives: ['hinge', 'triplet' as never] })).toBe('objectives[1]');
    expect(await parameter({ dimensions: [4], margin: -1 })).toBe('margin');
  });
});
