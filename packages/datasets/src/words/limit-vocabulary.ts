import { ATTRIBUTE_CATEGORIES } from './attributes.js';
import { AND_ATTRIBUTES, COMPOUND_FAMILIES, FAMILY_HEADS, LONG_ATTRIBUTES } from './compound-attributes.js';
import { FIRST_NAMES } from './first-names.js';
import { SURNAMES } from './surnames.js';

/** Crude English singular, so "Cherries" and "Cherry" count as one word. */
export function singularWord(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('oes')) return w.slice(0, -2);
  if (/(sses|shes|ches|xes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('ves')) return `${w.slice(0, -3)}f`;
  if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** The lower-cased, singularised words of an item ("Cherry Blossom Trees" → cherry, blossom, tree). */
export function itemWords(item: string): string[] {
  return item
    .toLowerCase()
    .replace(/'s\b/g, '')
    .split(/[\s-]+/)
    .filter(Boolean)
    .map(singularWord);
}

/** Size of the default vocabulary: the official release lists about 1,850 attributes. */
const TARGET_SIZE = 1850;

/** How {@link buildLimitVocabulary} mixes the item kinds (the defaults give {@link LIMIT_VOCABULARY}). */
export interface LimitVocabularyRecipe {
  /** Total items. */
  size: number;
  /** "Modifier Head" items, taken round-robin over the families (each family's first, then second …). */
  compounds: number;
  /** Items containing "and". */
  andItems: number;
  /** Four- and five-word items without "and" (the release asks about items of up to five words). */
  longItems: number;
  /** Single items all of whose words occur in compounds ("Cherries" beside "Cherry Pie"), at most. */
  nested: number;
  /** First pass: a modifier ("Cherry" in "Cherry Pie") is used by at most this many compounds. */
  maxModifierUses: number;
  /** Second pass: up to this many more compounds whose modifier is already used once (two uses at most). */
  secondUses: number;
  /** Prefer multi-word single items (e.g. "Guinea Pigs") for the rest: 0 = even spread, 1 = all multi-word first. */
  multiWordFirst: number;
}

const DEFAULT_RECIPE: LimitVocabularyRecipe = { size: TARGET_SIZE, compounds: 1000, andItems: 48, longItems: LONG_ATTRIBUTES.length, nested: 15, multiWordFirst: 1, maxModifierUses: 1, secondUses: 60 };

function roundRobin(families: readonly (readonly string[])[], count: number, maxModifierUses: number, secondUses: number): string[] {
  const out: string[] = [];
  const uses = new Map<string, number>();
  pass(count, maxModifierUses);
  pass(out.length + secondUses, Math.max(2, maxModifierUses));
  return out;
  function pass(total: number, cap: number): void {
  const count = total;
  for (let i = 0; out.length < count; i++) {
    let any = false;
    families.forEach((f, fi) => {
      if (i >= f.length || out.length >= count) return;
      any = true;
      const item = f[i]!;
      const head = FAMILY_HEADS[fi]!;
      const modifier = itemWords(item.slice(0, item.length - head.length)).join(' ');
      if (out.includes(item) || (uses.get(modifier) ?? 0) >= cap) return;
      uses.set(modifier, (uses.get(modifier) ?? 0) + 1);
      out.push(item);
    });
    if (!any) break;
  }
  }
}

/** `count` items spread evenly over `list` (its order kept). */
function spread(list: readonly string[], count: number): string[] {
  const n = Math.min(count, list.length);
  const step = list.length / Math.max(1, n);
  return Array.from({ length: n }, (_, i) => list[Math.floor(i * step)]!);
}

/** Assembles a vocabulary from the shipped lists (internal: used to tune {@link LIMIT_VOCABULARY}). */
export function buildLimitVocabulary(recipe: LimitVocabularyRecipe = DEFAULT_RECIPE): readonly string[] {
  const nameWords = new Set([...FIRST_NAMES, ...SURNAMES].map((n) => singularWord(n.toLowerCase())));
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (item: string): boolean => {
    const words = itemWords(item);
    const key = words.join(' ');
    // names never match a query lexically; no duplicates up to case and plural
    if (seen.has(key) || words.some((w) => nameWords.has(w))) return false;
    seen.add(key);
    out.push(item);
    return true;
  };
  for (const a of roundRobin(COMPOUND_FAMILIES, recipe.compounds, recipe.maxModifierUses, recipe.secondUses)) add(a);
  for (const a of AND_ATTRIBUTES.slice(0, recipe.andItems)) add(a);
  for (const a of LONG_ATTRIBUTES.slice(0, recipe.longItems)) add(a);
  const compoundWords = new Set(out.flatMap(itemWords));
  const singles = ATTRIBUTE_CATEGORIES.flatMap((c) => c.attributes);
  // First the single items nested in compounds ("Cherries" in "Cherry Pie"), then an even spread
  // of the rest, every category represented, up to the target size.
  const nestedAll = singles.filter((a) => itemWords(a).some((w) => compoundWords.has(w)));
  const nested = spread(nestedAll, recipe.nested);
  for (const a of nested) add(a);
  const plain = singles.filter((a) => !nestedAll.includes(a));
  const multi = plain.filter((a) => a.includes(' '));
  const takeMulti = Math.round(multi.length * recipe.multiWordFirst);
  for (const a of spread(multi, takeMulti)) add(a);
  const rest = plain.filter((a) => !out.includes(a));
  const room = recipe.size - out.length;
  if (room > 0) {
    const step = rest.length / room;
    for (let i = 0; i < room; i++) add(rest[Math.floor(i * step)]!);
  }
  return Object.freeze(out);
}

/**
 * The default attribute vocabulary of `generateLimitDataset` (1,850 items, like the official
 * release's list; written for this package, not copied): "Modifier Head" families that share head
 * nouns ("… Trees", "… Music", "… Pie"), single items nested in them ("Cherries" in "Cherry
 * Blossom Trees"), dishes containing "and" ("Fish and Chips") and single words from
 * {@link ATTRIBUTE_CATEGORIES}. No two items are equal up to case and plural, and no item word is a
 * first name or surname.
 *
 * @example
 * LIMIT_VOCABULARY.length; // 1850
 */
export const LIMIT_VOCABULARY: readonly string[] = buildLimitVocabulary();
