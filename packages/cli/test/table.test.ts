import { describe, expect, it } from 'vitest';
import { createRng } from '@limit/core';
import { formatMarkdownTable, formatSignificant, formatTable } from '../src/util/table.js';

/** The cells of column `j` of a plain-text table (after the header and the rule). */
const column = (table: string, j: number) => table.split('\n').slice(2).map((line) => line.trim().split(/\s{2,}/)[j]!);

describe('tables: one number format per column, never fewer significant digits', () => {
  it('shares the decimals down a column, set by its smallest magnitude (4 significant digits)', () => {
    const table = formatTable(['x', 'n'], [[122.732, 3], [78.9591, 10], [1.7619, 200]]);
    // smallest 1.7619 → 3 decimals for the whole column (hand-rounded)
    expect(column(table, 0)).toEqual(['122.732', '78.959', '1.762']);
    expect(column(table, 1)).toEqual(['3', '10', '200']);
  });

  it("svd-demo's errors: 8.50 and 0.040 keep their digits (were printed 9 and 0)", () => {
    const table = formatTable(['quantity', 'value'], [['‖A − A_r‖_F', 8.504117], ['relative error', 0.0401812], ['noise level', 0.0437]]);
    // smallest 0.0401812 → 0.04018 needs 5 decimals; the same 5 for every row
    expect(column(table, 1)).toEqual(['8.50412', '0.04018', '0.04370']);
  });

  it('uses exponents for a column spanning tiny values; integers stay integers; signs on request', () => {
    const table = formatTable(['margin', 'count'], [[1e-5, 1], [0.5, 2]]);
    expect(column(table, 0)).toEqual(['1.000e-5', '5.000e-1']);
    expect(column(table, 1)).toEqual(['1', '2']);
    expect(column(formatTable(['diff'], [[0.0123], [-0.5], [0]], { signed: [true] }), 0)).toEqual(['+0.01230', '-0.50000', '0.00000']);
    expect(formatMarkdownTable(['a', 'b'], [['x', 0.25], ['y', 1.5]])).toBe('| a | b |\n| --- | ---: |\n| x | 0.2500 |\n| y | 1.5000 |');
    expect(formatSignificant(0.000123, 3)).toBe('1.23e-4');
    expect(formatSignificant(0.96825, 4)).toBe('0.9683');
    expect(formatSignificant(42)).toBe('42');
  });

  it('property: random columns over 8 decades, every cell within half a unit of its 4th significant digit, one format per column', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 300; trial++) {
      const values = Array.from({ length: 1 + rng.integer(8) }, () => (rng.uniform() < 0.5 ? -1 : 1) * 10 ** (rng.uniform() * 8 - 4) * (1 + rng.uniform()));
      const cells = column(formatTable(['v'], values.map((v) => [v])), 0);
      cells.forEach((cell, i) => {
        const v = values[i]!;
        // a relative error of at most 5·10⁻⁴ means the first 4 significant digits survived (rounded)
        expect(Math.abs(Number(cell) - v) / Math.abs(v), `${v} → ${cell}`).toBeLessThanOrEqual(5.0001e-4);
      });
      const fixed = cells.filter((c) => !c.includes('e'));
      // all or nothing: exponent notation for every cell, or the same decimals for every cell
      expect(fixed.length === 0 || fixed.length === cells.length).toBe(true);
      expect(new Set(fixed.map((c) => c.split('.')[1]?.length ?? 0)).size).toBeLessThanOrEqual(1);
    }
  });
});
