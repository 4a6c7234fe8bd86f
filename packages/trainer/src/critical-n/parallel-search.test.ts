import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidArgumentError, createRng } from '@limit/core';
import { runCriticalNSearches } from './parallel-search.js';
import { criticalNSearch } from './search.js';
import { referenceCriticalNSearch } from '../../test/reference-critical-n-search.js';

type Outcomes = (n: number, restart: number) => boolean;

/** A random, non-monotone outcome table: mostly solved below a threshold, with flips on either side. */
function randomOutcomes(seed: number): { table: Outcomes; threshold: number } {
  const rng = createRng(seed);
  const threshold = 3 + Math.floor(rng.uniform() * 60);
  const flip = rng.uniform() * 0.3;
  const memo = new Map<string, boolean>();
  const table: Outcomes = (n, restart) => {
    const key = `${n}:${restart}`;
    if (!memo.has(key)) {
      const base = n <= threshold;
      // flips are drawn from a stream of their own, in first-ask order, but memoised per point so every
      // driver sees the same table whatever order it asks in
      const local = createRng(seed * 1_000_003 + n * 101 + restart);
      memo.set(key, local.uniform() < flip ? !base : base);
    }
    return memo.get(key)!;
  };
  return { table, threshold };
}

const ticks = (count: number) => new Promise<void>((resolve) => {
  const step = (left: number) => (left <= 0 ? resolve() : setImmediate(() => step(left - 1)));
  step(count);
});

describe('runCriticalNSearches', () => {
  it('gives the sequential answer and trace for many random non-monotone outcome tables, any slot count', async () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 50; trial++) {
      const dims = 1 + Math.floor(rng.uniform() * 4);
      const restarts = 1 + Math.floor(rng.uniform() * 3);
      const stopAtFirstSuccess = rng.uniform() < 0.5;
      const tables = Array.from({ length: dims }, (_, i) => randomOutcomes(trial * 10 + i));
      const initial = tables.map((t) => Math.max(3, t.threshold + Math.floor(rng.uniform() * 30) - 15));
      const expected = [];
      for (let i = 0; i < dims; i++) {
        expected.push(
          await referenceCriticalNSearch({
            initialN: initial[i]!,
            minN: 3,
            restarts,
            stopAtFirstSuccess,
            evaluate: async (n, r) => ({ solved: tables[i]!.table(n, r), n, r }),
          }),
        );
      }
      const choices = [2, 3, 5, 8, 16];
      for (const slots of [1, choices[trial % choices.length]!]) {
        const delays = createRng(trial * 31 + slots);
        const calls = new Set<string>();
        let running = 0;
        let peak = 0;
        const { results, evaluations, unusedEvaluations } = await runCriticalNSearches({
          searches: initial.map((initialN, id) => ({ id, initialN, minN: 3, restarts, statistic: 'any' as const, stopAtFirstSuccess })),
          slots,
          evaluate: async ({ id, n, restart }) => {
            const key = `${id}:${n}:${restart}`;
            expect(calls.has(key), `evaluated twice: ${key}`).toBe(false);
            calls.add(key);
            running += 1;
            peak = Math.max(peak, running);
            await ticks(Math.floor(delays.uniform() * 4)); // completions arrive in a random order
            running -= 1;
            return { solved: tables[id]!.table(n, restart), n, r: restart };
          },
        });
        expect(peak).toBeLessThanOrEqual(slots);
        for (let i = 0; i < dims; i++) {
          const got = results.get(i)!;
          const want = expected[i]!;
          expect({ ...got }, `trial ${trial} d#${i} slots ${slots}`).toEqual({ ...want });
        }
        expect(evaluations - unusedEvaluations).toBe(expected.reduce((s, e) => s + e.evaluations, 0));
        if (slots === 1) expect(unusedEvaluations).toBe(0);
      }
    }
  });

  it("with statistic 'single', visits and decides exactly as the reference search on restart 0's outcomes, whatever the other restarts say", async () => {
    for (let trial = 0; trial < 20; trial++) {
      const { table, threshold } = randomOutcomes(500 + trial);
      const initialN = Math.max(3, threshold + (trial % 7) - 3);
      const reference = await referenceCriticalNSearch({ initialN, minN: 3, evaluate: async (n) => ({ solved: table(n, 0) }) });
      const { results } = await runCriticalNSearches({
        searches: [{ id: 0, initialN, minN: 3, restarts: 3 }],
        slots: 1 + (trial % 4),
        evaluate: async ({ n, restart }) => ({ solved: table(n, restart) }),
      });
      const ours = results.get(0)!;
      expect(ours.trials.map((t) => [t.n, t.solved])).toEqual(reference.trials.map((t) => [t.n, t.solved]));
      expect(ours.criticalN).toBe(reference.criticalN);
      for (const t of ours.trials) expect(t.runs.map((r) => r.solved)).toEqual([0, 1, 2].map((r) => table(t.n, r)));
    }
  });

  it('uses the free slots: on 4 slots a search takes fewer event-loop turns than on 1, with 4 runs at once', async () => {
    const measure = async (slots: number) => {
      let running = 0;
      let peak = 0;
      let turns = 0;
      let done = false;
      const clock = () => setImmediate(() => (turns++, done || clock()));
      clock();
      const { results } = await runCriticalNSearches({
        searches: [{ id: 'd', initialN: 10 }],
        slots,
        evaluate: async ({ n }) => {
          running += 1;
          peak = Math.max(peak, running);
          await ticks(20);
          running -= 1;
          return { solved: n <= 19 };
        },
      });
      done = true;
      expect(results.get('d')!.criticalN).toBe(19);
      return { turns, peak };
    };
    const one = await measure(1);
    const four = await measure(4);
    expect(one.peak).toBe(1);
    expect(four.peak).toBe(4);
    expect(four.turns).toBeLessThan(one.turns * 0.75);
  });

  it('matches the sequential call order exactly with one slot', async () => {
    const calls: number[] = [];
    await criticalNSearch({
      initialN: 10,
      evaluate: async (n) => {
        calls.push(n);
        return { solved: n <= 19 };
      },
    });
    expect(calls).toEqual([10, 11, 13, 17, 25, 21, 19, 20, 15, 16, 18, 22, 23, 24]);
  });

  it('reports trials in the sequential visit order whatever the slots', async () => {
    const order = async (slots: number) => {
      const seen: number[] = [];
      await runCriticalNSearches({
        searches: [{ id: 0, initialN: 10 }],
        slots,
        evaluate: async ({ n }) => {
          await ticks(n % 7);
          return { solved: n <= 19 };
        },
        onTrial: (_id, trial) => seen.push(trial.n),
      });
      return seen;
    };
    const one = await order(1);
    expect(one).toEqual([10, 11, 13, 17, 25, 21, 19, 20, 15, 16, 18, 22, 23, 24]);
    expect(await order(6)).toEqual(one);
  });

  it('says when each search has its answer, once, after its last trial (a short search first)', async () => {
    const events: string[] = [];
    await runCriticalNSearches({
      searches: [
        { id: 'long', initialN: 10 },
        { id: 'short', initialN: 4, sweep: [] },
      ],
      slots: 3,
      evaluate: async ({ id, n }) => {
        await ticks(id === 'long' ? 3 : 1);
        return { solved: id === 'long' ? n <= 19 : n <= 5 };
      },
      onTrial: (id, trial) => events.push(`${id} ${trial.n}`),
      onSearchDone: (id) => events.push(`${id} done`),
    });
    expect(events.filter((e) => e.endsWith('done'))).toEqual(['short done', 'long done']);
    for (const id of ['long', 'short']) expect(events.filter((e) => e.startsWith(id)).at(-1)).toBe(`${id} done`);
  });

  it('stops the runs still in flight when the searches end, and when evaluate fails', async () => {
    const aborted: number[] = [];
    await runCriticalNSearches({
      searches: [{ id: 0, initialN: 10, sweep: [] }],
      slots: 8,
      evaluate: ({ n }, signal) =>
        new Promise<{ solved: boolean }>((resolve, reject) => {
          // n = 10 and 11 answer at once; everything else hangs until aborted
          if (n <= 11) resolve({ solved: n === 10 });
          else signal.addEventListener('abort', () => (aborted.push(n), reject(new AbortedError({ message: 'stop' }))));
        }),
    });
    expect(aborted.length).toBeGreaterThan(0);

    await expect(
      runCriticalNSearches({
        searches: [{ id: 0, initialN: 10 }],
        slots: 3,
        evaluate: async ({ n }) => {
          if (n === 11) throw new Error('out of memory');
          return { solved: true };
        },
      }),
    ).rejects.toThrow('out of memory');
  });

  it('rejects bad options with typed errors naming them', async () => {
    const evaluate = async () => ({ solved: true });
    await expect(runCriticalNSearches({ searches: [{ id: 1, initialN: 5 }, { id: 1, initialN: 6 }], evaluate })).rejects.toThrow(InvalidArgumentError);
    await expect(runCriticalNSearches({ searches: [{ id: 1, initialN: 5 }], slots: 0, evaluate })).rejects.toMatchObject({ parameter: 'slots' });
    await expect(runCriticalNSearches({ searches: [{ id: 1, initialN: 1, minN: 3 }], evaluate })).rejects.toMatchObject({ parameter: 'searches[0].initialN' });
    await expect(runCriticalNSearches({ searches: [{ id: 1, initialN: 5 }], evaluate: async () => ({ ok: 1 }) as never })).rejects.toMatchObject({
      parameter: 'evaluate',
    });
    const controller = new AbortController();
    controller.abort();
    await expect(runCriticalNSearches({ searches: [{ id: 1, initialN: 5 }], evaluate, signal: controller.signal })).rejects.toThrow(AbortedError);
  });

  it('stops only the search whose run comes back incomplete; the others finish with their sequential answers', async () => {
    const threshold = (id: number) => id * 2 + 4;
    const asked: string[] = [];
    const { results } = await runCriticalNSearches({
      searches: [4, 5, 6].map((id) => ({ id, initialN: threshold(id) })),
      slots: 3,
      evaluate: async ({ id, n }) => {
        asked.push(`${id}/${n}`);
        await ticks(n % 4);
        // d = 5's second run cannot be completed (its retries ran out): neither solved nor unsolved
        if (id === 5 && n !== threshold(5)) return { solved: false, incomplete: true };
        return { solved: n <= threshold(id) };
      },
    });
    const d5 = results.get(5)!;
    expect(d5.incomplete).toEqual({ n: expect.any(Number), restart: 0 });
    expect(d5.incomplete!.n).not.toBe(threshold(5));
    expect(d5.criticalN).toBeUndefined();
    expect(d5.trials.map((t) => t.n)).toEqual([threshold(5)]); // only what was decided
    for (const id of [4, 6]) {
      const sequential = await criticalNSearch({ initialN: threshold(id), evaluate: async (n) => ({ solved: n <= threshold(id) }) });
      expect(results.get(id)!.criticalN).toBe(sequential.criticalN);
      expect(results.get(id)!.incomplete).toBeUndefined();
    }
    // nothing of d = 5 was asked after its search stopped but what was already in flight
    expect(asked.filter((a) => a.startsWith('5/')).length).toBeLessThanOrEqual(4);
  });
});
