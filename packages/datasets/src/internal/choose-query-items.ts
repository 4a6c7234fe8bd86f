import { containsAnd } from '../limit-text.js';

/**
 * Item word counts (1 … 5) of the official LIMIT-small's 1,000 queries, "Who likes X?" being 2 + words(X):
 * 580 queries of 3 words, 335 of 4, 61 of 5, 18 of 6 and 6 of 7; 1 of them asks about an "and" item.
 */
export const RELEASE_QUERY_ITEM_WORDS: readonly number[] = [580, 335, 61, 18, 6];
/** "and" items among the release's 1,000 query items. */
export const RELEASE_AND_QUERIES_PER_1000 = 1;
/**
 * How strongly query items with shared words are preferred: chosen by scanning a few values on seed 0
 * against issue 22's targets (reach ≥ 3.6 with BM25 LIMIT-small R@2 within 97.8 ± 1.0); other seeds
 * land near but not always inside them (see the datasets README).
 */
export const SHARING_WEIGHT = 0.025;

/**
 * Splits a shuffled vocabulary into query items and fillers so that query lengths follow the
 * release's histogram ({@link RELEASE_QUERY_ITEM_WORDS}, scaled to `numQueries` by largest
 * remainders) and at most round(numQueries / 1000) query items contain "and". Within each length the
 * shuffled order decides; a length the vocabulary cannot fill is made up from the remaining items in
 * shuffled order (so a custom vocabulary always works). Deterministic given the shuffle.
 *
 * @internal
 */
export function chooseQueryItems(shuffled: readonly string[], numQueries: number, rng: { uniform(): number }, sharing = SHARING_WEIGHT): { queryItems: string[]; fillers: string[] } {
  // Prefer items whose words also occur in other items (weight 1 + sharing · items sharing a word), as
  // the release's queries do: exponential-race keys −ln(u)/w, smallest first, within each length.
  const itemsOfWord = new Map<string, number>();
  const itemWords = shuffled.map((a) => [...new Set((a.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w !== 'and'))]);
  for (const ws of itemWords) for (const w of ws) itemsOfWord.set(w, (itemsOfWord.get(w) ?? 0) + 1);
  const keys = itemWords.map((ws) => {
    let shared = 0;
    for (const w of ws) shared += itemsOfWord.get(w)! - 1;
    return -Math.log(1 - rng.uniform()) / (1 + sharing * shared);
  });
  const visit = shuffled.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
  const weights = RELEASE_QUERY_ITEM_WORDS;
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w * numQueries) / total);
  const want = exact.map(Math.floor);
  let left = numQueries - want.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    want[i]!++;
  }
  let andBudget = Math.round((numQueries * RELEASE_AND_QUERIES_PER_1000) / 1000);
  const taken = new Uint8Array(shuffled.length);
  const chosen: number[] = [];
  const words = shuffled.map((a) => a.split(/\s+/).length);
  for (const i of visit) {
    if (chosen.length >= numQueries) break;
    const n = Math.min(words[i]!, weights.length) - 1;
    if (want[n]! <= 0) continue;
    if (containsAnd(shuffled[i]!)) {
      if (andBudget <= 0) continue;
      andBudget--;
    }
    want[n]!--;
    taken[i] = 1;
    chosen.push(i);
  }
  // lengths the vocabulary could not fill: the remaining items, "and" items last
  for (const andPass of [false, true]) {
    for (let i = 0; i < shuffled.length && chosen.length < numQueries; i++) {
      if (taken[i] || containsAnd(shuffled[i]!) !== andPass) continue;
      taken[i] = 1;
      chosen.push(i);
    }
  }
  chosen.sort((a, b) => a - b);
  return { queryItems: chosen.map((i) => shuffled[i]!), fillers: shuffled.filter((_, i) => !taken[i]) };
}
