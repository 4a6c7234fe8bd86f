import { assertInteger } from '@limit/core';

/** Checks a rank cutoff `k` (a positive integer) and returns it. @internal */
export function assertCutoff(k: unknown, parameter = 'k'): number {
  return assertInteger(parameter, k, { min: 1 });
}

/** Counts judged documents with relevance ≥ `relevanceLevel`. @internal */
export function countRelevant(judgements: Readonly<Record<string, number>> | undefined, relevanceLevel: number): number {
  let n = 0;
  if (judgements === undefined) return 0;
  for (const rel of Object.values(judgements)) if (rel >= relevanceLevel) n++;
  return n;
}
