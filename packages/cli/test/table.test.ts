import { describe, expect, it } from 'vitest';
import { formatSignificant, formatTable } from '../src/util/table.js';

describe('tables: one number format per column', () => {
  it('shares the decimals down a column, set by its largest magnitude (4 significant digits)', () => {
    const table = formatTable(['x', 'n'], [[122.732, 3], [78.9591, 10], [1.7619, 200]]);
    const column = table.split('\n').slice(2).map((line) => line.trim().split(/\s+/)[0]);
    // largest 122.7 → 1 decimal for the whole column (hand-rounded)
    expect(column).toEqual(['122.7', '79.0', '1.8']);
  });

  it('uses exponents for a column spanning tiny values, integers stay integers', () => {
    const table = formatTable(['margin', 'count'], [[1e-5, 1], [0.5, 2]]);
    expect(table).toContain('1.000e-5');
    expect(table).toContain('5.000e-1');
    expect(formatSignificant(0.000123, 3)).toBe('1.23e-4');
    expect(formatSignificant(0.96825, 4)).toBe('0.9683');
    expect(formatSignificant(42)).toBe('42');
  });
});
