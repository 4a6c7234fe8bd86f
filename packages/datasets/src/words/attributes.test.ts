import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_CATEGORIES, LIKEABLE_ATTRIBUTES } from './attributes.js';
import { FIRST_NAMES } from './first-names.js';
import { SURNAMES } from './surnames.js';

/** Crude English singular, applied identically to both sides of every comparison. */
function singular(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('oes')) return w.slice(0, -2);
  if (/(sses|shes|ches|xes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('ves')) return `${w.slice(0, -3)}f`;
  if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}
function words(a: string): string[] {
  return a
    .toLowerCase()
    .replace(/'s\b/g, '')
    .split(/[\s-]+/)
    .filter(Boolean)
    .map(singular);
}
function containsRun(big: string[], small: string[]): boolean {
  for (let i = 0; i + small.length <= big.length; i++) {
    if (small.every((w, j) => big[i + j] === w)) return true;
  }
  return false;
}

describe('LIKEABLE_ATTRIBUTES', () => {
  it('has at least 1,850 attributes over many categories', () => {
    expect(LIKEABLE_ATTRIBUTES.length).toBeGreaterThanOrEqual(1850);
    expect(ATTRIBUTE_CATEGORIES.length).toBeGreaterThanOrEqual(10);
    for (const c of ATTRIBUTE_CATEGORIES) expect(c.attributes.length).toBeGreaterThan(30);
    expect(LIKEABLE_ATTRIBUTES.length).toBe(ATTRIBUTE_CATEGORIES.reduce((s, c) => s + c.attributes.length, 0));
  });

  it('has no duplicates, even up to case and plural', () => {
    const keys = LIKEABLE_ATTRIBUTES.map((a) => words(a).join(' '));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has no attribute whose words occur inside another (e.g. "Tea" and "Green Tea")', () => {
    const tokenised = LIKEABLE_ATTRIBUTES.map(words);
    const clashes: string[] = [];
    // Index by word so the check is not quadratic in the vocabulary.
    const byWord = new Map<string, number[]>();
    tokenised.forEach((t, i) => {
      for (const w of new Set(t)) byWord.set(w, [...(byWord.get(w) ?? []), i]);
    });
    tokenised.forEach((small, i) => {
      for (const j of byWord.get(small[0]!) ?? []) {
        if (j !== i && tokenised[j]!.length >= small.length && containsRun(tokenised[j]!, small)) {
          clashes.push(`${LIKEABLE_ATTRIBUTES[i]} ⊂ ${LIKEABLE_ATTRIBUTES[j]}`);
        }
      }
    });
    expect(clashes).toEqual([]);
  });

  it('renders unambiguously: Title Case ASCII, no commas, no word "and"', () => {
    for (const a of LIKEABLE_ATTRIBUTES) {
      expect(a).toMatch(/^[A-Z][A-Za-z' -]*[A-Za-z]$/);
      expect(a).not.toMatch(/,|\band\b/i);
    }
  });

  it('shares no word with a first name or surname (no lexical match between names and queries)', () => {
    const nameWords = new Set([...FIRST_NAMES, ...SURNAMES].map((n) => singular(n.toLowerCase())));
    const hits = LIKEABLE_ATTRIBUTES.filter((a) => words(a).some((w) => nameWords.has(w)));
    expect(hits).toEqual([]);
  });
});
