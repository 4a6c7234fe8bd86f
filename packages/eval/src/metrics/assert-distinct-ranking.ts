import { InvalidArgumentError } from '@limit/core';

/** Length of the longest prefix of each ranking array already checked to be distinct. */
const verifiedPrefix = new WeakMap<readonly string[], number>();

/**
 * Checks that the first `n` ids of a ranking are distinct: a ranking that lists a document twice
 * would count it twice and give impossible metric values (recall or MAP above 1). O(n) time and
 * memory.
 *
 * evaluateRun passes one ranking array to six metrics at every cutoff, so the longest prefix already
 * found distinct is remembered per array object (a WeakMap; nothing is kept alive) and shorter or
 * equal cutoffs skip the scan. A ranking array must therefore not be changed in place between
 * metric calls. @internal
 *
 * @param ranked - Document ids, best first.
 * @param n - How many leading ids to check (the cutoff, clipped to `ranked.length`).
 * @param parameter - Name reported in the error (default `ranked`).
 * @throws InvalidArgumentError naming `parameter` on the first repeated id.
 */
export function assertDistinctRanking(ranked: readonly string[], n: number, parameter = 'ranked'): void {
  const m = Math.min(n, ranked.length);
  if (m <= 1 || (verifiedPrefix.get(ranked) ?? 0) >= m) return;
  const seen = new Set<string>();
  for (let i = 0; i < m; i++) {
    const id = ranked[i]!;
    if (seen.has(id)) {
      throw new InvalidArgumentError({
        parameter,
        value: id,
        message: `document "${id}" appears more than once in the ranking (again at rank ${i + 1}); each document may be ranked once`,
      });
    }
    seen.add(id);
  }
  verifiedPrefix.set(ranked, m);
}

