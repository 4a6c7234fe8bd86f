import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { dimensionBounds } from './dimension-bounds.js';
import { gapDimensionBound } from './gap-dimension-bound.js';

describe('dimensionBounds (what `limit bounds` prints)', () => {
  it('gives the numbers the CLI printed before the move (fixture from `limit bounds --n 100 --k 2 --json`), Theorem 1 at the construction now read at half its gap', () => {
    const before = JSON.parse(readFileSync(new URL('../test/fixtures/bounds-n100-k2-cli-before.json', import.meta.url), 'utf8'));
    const now = dimensionBounds({ n: 100, k: 2, margin: 0.1 });
    const { momentCurve: beforeCurve, ...beforeRest } = before;
    const { momentCurve: nowCurve, ...nowRest } = JSON.parse(JSON.stringify(now));
    expect(nowRest).toEqual(beforeRest);
    const { theorem1AtConstructionMargin: a, ...curveBefore } = beforeCurve;
    const { theorem1AtConstructionMargin: b, ...curveNow } = nowCurve;
    expect(curveNow).toEqual(curveBefore);
    expect(a).toBe(1); // the old reading (γ = full gap 1.3e-6)
    expect(b).toBe(gapDimensionBound({ n: 100, k: 2, gap: now.momentCurve!.float64.minMargin }));
    expect(b).toBeLessThanOrEqual(now.momentCurve!.dimension); // consistent: the construction lives in d = 4
  });

  it('handles n = 10⁹ (bigint) without building anything: Theorem 1 gives 17 at γ = 0.1 (the paper)', () => {
    const b = dimensionBounds({ n: 10n ** 9n, k: 2 });
    expect(b.theorem1.dimension).toBe(17);
    expect(b.forster.matrix).toBeNull();
    expect(b.momentCurve).toBeNull();
    expect(b.subsets).toBe('10^17.70');
  });

  it('refuses k > n, naming k', () => {
    try {
      dimensionBounds({ n: 3, k: 4 });
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e) && e.parameter).toBe('k');
    }
  });
});
