import { createRng } from '@limit/core';
import { bench, describe } from 'vitest';
import { allCombinationQrels } from '../src/all-combination-qrels.js';
import { combinations } from '../src/combinations.js';
import { qrelPattern } from '../src/qrel-pattern.js';
import { sampleCombinations } from '../src/sample-combinations.js';
import { unrankCombination } from '../src/unrank-combination.js';

describe('enumeration', () => {
  bench('combinations(46, 2): all 1035 pairs', () => {
    let s = 0;
    for (const c of combinations(46, 2)) s += c[1]!;
    if (s < 0) throw new Error('unreachable');
  });
  bench('combinations(30, 4): all 27,405 quadruples', () => {
    let s = 0;
    for (const c of combinations(30, 4)) s += c[3]!;
    if (s < 0) throw new Error('unreachable');
  });
  bench('allCombinationQrels(100, 3): 161,700 queries into CSR', () => {
    allCombinationQrels(100, 3);
  });
});

describe('sampling and random access', () => {
  bench('sampleCombinations(1e6, 3, 1000)', () => {
    sampleCombinations(1_000_000, 3, 1000, createRng(1));
  });
  bench('sampleCombinations(30, 4, 27,000) — q close to C(n, k) = 27,405', () => {
    sampleCombinations(30, 4, 27_000, createRng(1));
  });
  bench('unrankCombination at rank ≈ C(1e6, 3) / 2', () => {
    unrankCombination(83333083333500000n, 1_000_000, 3);
  });
  bench("qrelPattern 'random' 46 docs × 1000 queries", () => {
    qrelPattern({ pattern: 'random', numDocs: 46, numQueries: 1000, k: 2, rng: createRng(3) });
  });
});
