import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { MAX_ARRAY_ELEMENTS, assertAllocationFits, memoryBudget } from './memory-budget.js';

describe('memoryBudget / assertAllocationFits', () => {
  it("reads this machine's memory (at most os.totalmem(), half of it as the budget)", () => {
    const { totalBytes, budgetBytes } = memoryBudget();
    expect(totalBytes).toBeGreaterThan(0);
    expect(totalBytes).toBeLessThanOrEqual(totalmem());
    expect(budgetBytes).toBe(totalBytes! / 2);
  });

  it('passes what fits; refuses an array past 2^32 − 1 elements and a total past the budget, naming the parameter', () => {
    expect(() => assertAllocationFits('d', 4, { what: 'small', bytes: 1e6, largest: { elements: 1e5, what: 'one array' } })).not.toThrow();
    const long = (() => {
      try {
        assertAllocationFits('d', 1e9, { what: 'training n = 3, d = 1e9', bytes: 1e3, largest: { elements: MAX_ARRAY_ELEMENTS + 1, what: 'one buffer' } });
      } catch (e) {
        return e;
      }
    })();
    expect(InvalidArgumentError.isInstance(long) && long.parameter === 'd').toBe(true);
    expect((long as Error).message).toMatch(/training n = 3, d = 1e9 needs about 0\.0 GB of memory: one buffer = 4\.29e\+9 elements exceeds the 2\^32 − 1/);
    const budget = memoryBudget().budgetBytes!;
    expect(() => assertAllocationFits('rows', 7, { what: 'a matrix', bytes: budget * 1.01, largest: { elements: 10, what: 'x' } })).toThrow(/parameter rows: a matrix needs about .* GB of memory: more than half of this machine's/);
    expect(() => assertAllocationFits('rows', 7, { what: 'a matrix', bytes: Number.POSITIVE_INFINITY, largest: { elements: Number.NaN, what: 'x' } })).toThrow(InvalidArgumentError);
  });
});
