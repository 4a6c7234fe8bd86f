import { describe, expect, it } from 'vitest';
import { FIRST_NAMES } from './first-names.js';
import { LIMIT_VOCABULARY } from './limit-vocabulary.js';
import { SURNAMES } from './surnames.js';

/** Crude English singular, written again here so the test does not trust the module's own. */
function singular(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('oes')) return w.slice(0, -2);
  if (/(sses|shes|ches|xes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('ves')) return `${w.slice(0, -3)}f`;
  if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}
const words = (a: string) => a.toLowerCase().replace(/'s\b/g, '').split(/[\s-]+/).filter(Boolean).map(singular);

describe('LIMIT_VOCABULARY', () => {
  const v = LIMIT_VOCABULARY;

  it('has 1,850 items without duplicates up to case and plural, and no name words', () => {
    expect(v.length).toBe(1850);
    expect(new Set(v.map((a) => words(a).join(' '))).size).toBe(v.length);
    const names = new Set([...FIRST_NAMES, ...SURNAMES].map((n) => singular(n.toLowerCase())));
    expect(v.filter((a) => words(a).some((w) => names.has(w)))).toEqual([]);
  });

  it('is renderable: no commas, no leading/trailing "and" or spaces', () => {
    for (const a of v) {
      expect(a).not.toMatch(/,/);
      expect(a).not.toMatch(/^and\b|\band$|^\s|\s$/i);
    }
  });

  it('has the official kind of overlap: shared heads, nested items, "and" items, stem collisions', () => {
    const lower = v.map((a) => a.toLowerCase());
    // shared head nouns
    const heads = new Map<string, number>();
    for (const a of lower) {
      const h = a.split(' ').at(-1)!;
      heads.set(h, (heads.get(h) ?? 0) + 1);
    }
    expect([...heads.values()].filter((n) => n >= 5).length).toBeGreaterThanOrEqual(40);
    expect(heads.get('trees')).toBeGreaterThanOrEqual(5);
    expect(heads.get('music')).toBeGreaterThanOrEqual(5);
    // items nested in other items (as whole words)
    const nested = lower.filter((a) => lower.some((b) => b !== a && ` ${b} `.includes(` ${a} `)));
    expect(nested.length).toBeGreaterThanOrEqual(8);
    // … and up to plural ("Cherries" inside "Cherry Blossom Trees")
    const sing = v.map((a) => ` ${words(a).join(' ')} `);
    const nestedUpToPlural = sing.filter((a) => sing.some((b) => b !== a && b.includes(a)));
    expect(nestedUpToPlural.length).toBeGreaterThanOrEqual(15);
    // items containing "and"
    expect(lower.filter((a) => / and /.test(a)).length).toBeGreaterThanOrEqual(30);
    // singular/plural forms of one word in different items ("cherry" / "cherries")
    const forms = new Map<string, Set<string>>();
    for (const a of lower) for (const w of a.split(' ')) (forms.get(singular(w)) ?? forms.set(singular(w), new Set()).get(singular(w))!).add(w);
    expect([...forms.values()].filter((s) => s.size > 1).length).toBeGreaterThanOrEqual(20);
    // about 1.5 words per item, like the release's 1.54
    const mean = v.reduce((s, a) => s + a.split(' ').length, 0) / v.length;
    expect(mean).toBeGreaterThan(1.4);
    expect(mean).toBeLessThan(1.7);
  });
});
