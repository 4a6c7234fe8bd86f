import { describe, expect, it } from 'vitest';
import { FIRST_NAMES } from './first-names.js';
import { SURNAMES } from './surnames.js';

describe('FIRST_NAMES', () => {
  it('has at least 2,000 distinct capitalised ASCII names', () => {
    expect(FIRST_NAMES.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(FIRST_NAMES.map((n) => n.toLowerCase())).size).toBe(FIRST_NAMES.length);
    for (const n of FIRST_NAMES) expect(n).toMatch(/^[A-Z][a-z]+$/);
  });

  it('gives far more than 50,000 distinct "First Last" pairs', () => {
    expect(FIRST_NAMES.length * SURNAMES.length).toBeGreaterThan(50 * 50_000);
  });
});
