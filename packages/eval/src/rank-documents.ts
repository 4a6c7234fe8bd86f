/**
 * Compares two strings by Unicode code point, which is the order C's `strcmp` gives on their UTF-8
 * bytes (JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF).
 *
 * @param a - First string.
 * @param b - Second string.
 * @returns Negative when a sorts first, positive when b does, 0 when equal.
 * @example
 * compareCodePoints('\u{1F600}', '\uFF21') > 0; // true (U+1F600 > U+FF21), though '\u{1F600}' < '\uFF21' in JS
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 0xd800 && ca <= 0xdfff;
    const surrogateB = cb >= 0xd800 && cb <= 0xdfff;
    // A surrogate (code point ≥ U+10000) sorts after every BMP character in UTF-8 order.
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/**
 * Ranks one query's documents the way trec_eval (and therefore pytrec_eval, BEIR and MTEB) does:
 * by score descending, ties broken by document id descending in byte (code point) order. The rank
 * column of a TREC run file is ignored, as trec_eval ignores it.
 *
 * @param scores - `docId → score` for one query.
 * @returns The document ids, best first.
 * @example
 * rankDocuments({ a: 1, b: 2, c: 1 }); // ['b', 'c', 'a']  (a and c tie; 'c' > 'a')
 */
export function rankDocuments(scores: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(scores);
  entries.sort((x, y) => (x[1] !== y[1] ? (y[1] > x[1] ? 1 : -1) : compareCodePoints(y[0], x[0])));
  return entries.map((e) => e[0]);
}
