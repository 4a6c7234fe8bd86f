import { describe, expect, it } from 'vitest';
import { SURNAMES } from './surnames.js';

describe('SURNAMES', () => {
  it('has at least 1,000 distinct capitalised ASCII surnames', () => {
    expect(SURNAMES.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(SURNAMES.map((n) => n.toLowerCase())).size).toBe(SURNAMES.length);
    for (const n of SURNAMES) expect(n).toMatch(/^[A-Z][a-z]+$/);
  });
});
