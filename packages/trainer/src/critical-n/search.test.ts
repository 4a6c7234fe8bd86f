import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidArgumentError, createRng } from '@limit/core';
import { criticalNSearch } from './search.js';

/** A fake trainer: solves exactly the n ≤ threshold, recording the calls. */
function threshold(limit: number) {
  const calls: number[] = [];
  return {
    calls,
    evaluate: async (n: number) => {
      calls.push(n);
      return { solved: n <= limit };
    },
  };
}

describe('criticalNSearch', () => {
  it('finds a monotone threshold from below, with the paper protocol (gallop up, binary, sweep)', async () => {
    const fake = threshold(19);
    const result = await criticalNSearch({ initialN: 10, evaluate: fake.evaluate });
    expect(result.criticalN).toBe(19);
    expect(result.largestSolvedN).toBe(19);
    // gallop: 10 ✓, 11 ✓, 13 ✓, 17 ✓, 25 ✗; binary in (17, 25): 21 ✗, 19 ✓, 20 ✗; sweep 15…24: 15, 16, 18, 22, 23, 24 new.
    expect(fake.calls).toEqual([10, 11, 13, 17, 25, 21, 19, 20, 15, 16, 18, 22, 23, 24]);
    expect(result.evaluations).toBe(14);
    expect(result.nonMonotone).toEqual([]);
    expect(result.trials.map((t) => t.n)).toEqual([10, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
  });

  it('finds a monotone threshold from above (gallop down)', async () => {
    const fake = threshold(14);
    const result = await criticalNSearch({ initialN: 20, evaluate: fake.evaluate });
    expect(result.criticalN).toBe(14);
    // gallop down: 20 ✗, 19 ✗, 17 ✗, 13 ✓; binary in (13, 17): 15 ✗, 14 ✓; sweep 10…19: 10, 11, 12, 16, 18 new.
    expect(fake.calls).toEqual([20, 19, 17, 13, 15, 14, 10, 11, 12, 16, 18]);
  });

  it('costs only the sweep when started at the answer', async () => {
    const fake = threshold(24);
    const result = await criticalNSearch({ initialN: 24, evaluate: fake.evaluate });
    expect(result.criticalN).toBe(24);
    expect(fake.calls).toEqual([24, 25, 20, 21, 22, 23, 26, 27, 28, 29]);
  });

  it('never evaluates an n twice, and each call is at a distinct n', async () => {
    for (const limit of [3, 8, 40, 100]) {
      for (const start of [2, 10, 33]) {
        const fake = threshold(limit);
        const result = await criticalNSearch({ initialN: start, evaluate: fake.evaluate, minN: 2 });
        expect(new Set(fake.calls).size).toBe(fake.calls.length);
        expect(result.criticalN).toBe(limit);
      }
    }
  });

  it('reports no critical n when nothing down to minN solves', async () => {
    const fake = threshold(1);
    const result = await criticalNSearch({ initialN: 6, minN: 3, evaluate: fake.evaluate });
    expect(result.criticalN).toBeUndefined();
    expect(fake.calls).toEqual([6, 5, 3]);
  });

  it('stops galloping at maxN', async () => {
    const fake = threshold(1000);
    const result = await criticalNSearch({ initialN: 10, maxN: 14, evaluate: fake.evaluate });
    expect(result.criticalN).toBe(14);
    expect(Math.max(...fake.calls)).toBe(14);
  });

  it('with a noisy threshold, reports the binary-search n as criticalN, the largest solved n beside it, and the holes', async () => {
    // Solved below 20 except 17; 22 solves by luck.
    const solvedSet = (n: number) => (n < 20 && n !== 17) || n === 22;
    const result = await criticalNSearch({ initialN: 18, evaluate: async (n) => ({ solved: solvedSet(n) }) });
    expect(result.criticalN).toBe(19);
    expect(result.largestSolvedN).toBe(22);
    expect(result.nonMonotone).toEqual([17, 20, 21]);
  });

  it('with restarts, counts n solved if any seed solves and reports the success rate', async () => {
    // Each n is solved by a seed with probability falling through the threshold; deterministic fake via createRng.
    const calls: Array<[number, number]> = [];
    const probability = (n: number) => (n <= 10 ? 1 : n >= 16 ? 0 : (16 - n) / 6);
    const evaluate = async (n: number, restart: number) => {
      calls.push([n, restart]);
      const u = createRng(`${n}/${restart}`).uniform();
      return { solved: u < probability(n), seed: restart };
    };
    const result = await criticalNSearch({ initialN: 12, evaluate, restarts: 4, statistic: 'any' });
    // every evaluated n ran exactly its 4 restarts
    for (const trial of result.trials) {
      expect(trial.runs).toHaveLength(4);
      expect(trial.successRate).toBe(trial.runs.filter((r) => r.solved).length / 4);
      expect(trial.solved).toBe(trial.successRate > 0);
      if (trial.n <= 10) expect(trial.successRate).toBe(1);
      if (trial.n >= 16) expect(trial.successRate).toBe(0);
    }
    expect(calls.length).toBe(result.trials.length * 4);
    expect(result.evaluations).toBe(calls.length);
    expect(result.criticalN).toBeLessThan(16);
  });

  it('stopAtFirstSuccess skips the remaining restarts of a solved n', async () => {
    const calls: Array<[number, number]> = [];
    const result = await criticalNSearch({
      initialN: 5,
      restarts: 3,
      statistic: 'any',
      stopAtFirstSuccess: true,
      evaluate: async (n, restart) => {
        calls.push([n, restart]);
        return { solved: n <= 5 };
      },
    });
    const five = result.trials.find((t) => t.n === 5)!;
    expect(five.runs).toHaveLength(1);
    const six = result.trials.find((t) => t.n === 6)!;
    expect(six.runs).toHaveLength(3);
  });

  it("statistic 'single' (the default) decides on restart 0 and still runs and counts every restart", async () => {
    // restart 0 solves n ≤ 10; restart 1 solves n ≤ 14: 'single' must find 10, as one seed would
    const evaluate = async (n: number, restart: number) => ({ solved: n <= (restart === 0 ? 10 : 14) });
    const single = await criticalNSearch({ initialN: 12, evaluate, restarts: 2 });
    const oneSeed = await criticalNSearch({ initialN: 12, evaluate: async (n) => evaluate(n, 0) });
    expect(single.criticalN).toBe(10);
    expect(single.trials.map((t) => [t.n, t.solved])).toEqual(oneSeed.trials.map((t) => [t.n, t.solved]));
    for (const t of single.trials) {
      expect(t.runs).toHaveLength(2);
      expect(t.successRate).toBe(((t.n <= 10 ? 1 : 0) + (t.n <= 14 ? 1 : 0)) / 2);
    }
    const any = await criticalNSearch({ initialN: 12, evaluate, restarts: 2, statistic: 'any' });
    expect(any.criticalN).toBe(14);
  });

  it("statistic 'majority' needs more than half of the restarts (hand table: 3 seeds with thresholds 9, 11, 13)", async () => {
    const thresholds = [9, 11, 13];
    const result = await criticalNSearch({ initialN: 8, restarts: 3, statistic: 'majority', evaluate: async (n, r) => ({ solved: n <= thresholds[r]! }) });
    // two of three seeds solve n ≤ 11, one solves 12 and 13
    expect(result.criticalN).toBe(11);
    for (const t of result.trials) expect(t.solved).toBe(t.n <= 11);
  });

  it('refuses stopAtFirstSuccess with a statistic other than any, and an unknown statistic', async () => {
    await expect(criticalNSearch({ initialN: 5, restarts: 2, stopAtFirstSuccess: true, evaluate: async () => ({ solved: true }) })).rejects.toSatisfy(
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === 'stopAtFirstSuccess',
    );
    await expect(criticalNSearch({ initialN: 5, statistic: 'best' as never, evaluate: async () => ({ solved: true }) })).rejects.toSatisfy(
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === 'statistic',
    );
  });

  it('rejects bad options with typed errors', async () => {
    await expect(criticalNSearch({ initialN: 0.5, evaluate: async () => ({ solved: true }) })).rejects.toSatisfy(
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === 'initialN',
    );
    await expect(criticalNSearch({ initialN: 5, restarts: 0, evaluate: async () => ({ solved: true }) })).rejects.toSatisfy(
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === 'restarts',
    );
    await expect(criticalNSearch({ initialN: 5, evaluate: async () => ({ ok: true }) as never })).rejects.toSatisfy(
      (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === 'evaluate',
    );
  });

  it('aborts between evaluations', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const promise = criticalNSearch({
      initialN: 10,
      signal: controller.signal,
      evaluate: async (n) => {
        calls.push(n);
        if (calls.length === 2) controller.abort();
        return { solved: true };
      },
    });
    await expect(promise).rejects.toSatisfy((e: unknown) => AbortedError.isInstance(e));
    expect(calls).toHaveLength(2);
  });
});
