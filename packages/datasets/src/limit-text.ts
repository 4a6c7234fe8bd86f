import { InvalidArgumentError } from '@limit/core';

/**
 * Renders a LIMIT document text: `"<name> likes A, B, C and D."` — the official release's style:
 * items separated by ", ", the last two by " and ", no serial comma ("A and B." for two, "A." for
 * one).
 *
 * Items may contain the word "and" ("Fish and Chips"), as in the release; then the last two items
 * of a sentence can be ambiguous to split ("Tea and Fish and Chips."), which
 * {@link parseDocumentText} resolves with a list of known items. `generateLimitDataset` never puts
 * an "and" item in the last two places, so its texts parse without one.
 *
 * @param name the person's name (the document id), non-empty.
 * @param attributes the liked attributes in display order, at least one; none may be empty, contain
 *   a comma, or start or end with the word "and".
 * @returns the sentence.
 * @throws InvalidArgumentError (parameter `name` or `attributes`) for an empty name, no attributes,
 *   or an attribute that is empty, contains a comma, or starts or ends with "and".
 * @example
 * renderDocumentText('Geneva Durben', ['Quokkas', 'River Otters', 'Joshua Trees']);
 * // 'Geneva Durben likes Quokkas, River Otters and Joshua Trees.'
 */
export function renderDocumentText(name: string, attributes: readonly string[]): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new InvalidArgumentError({ parameter: 'name', value: name, message: 'name must be a non-empty string' });
  }
  if (!Array.isArray(attributes) || attributes.length === 0) {
    throw new InvalidArgumentError({ parameter: 'attributes', value: attributes, message: 'need at least one attribute' });
  }
  for (const a of attributes) {
    if (!isRenderableAttribute(a)) {
      throw new InvalidArgumentError({
        parameter: 'attributes',
        value: a,
        message: `attribute ${JSON.stringify(a)} must be a non-empty string without commas, not starting or ending with "and" or spaces`,
      });
    }
  }
  return renderDocumentTextUnchecked(name, attributes);
}

/** {@link renderDocumentText} without checks, for the generator's hot loop (inputs pre-validated). */
export function renderDocumentTextUnchecked(name: string, attributes: readonly string[]): string {
  const n = attributes.length;
  if (n === 1) return `${name} likes ${attributes[0]}.`;
  // One join (a flat string) rather than n concatenations (n rope nodes kept alive per document).
  return `${name} likes ${attributes.slice(0, n - 1).join(', ')} and ${attributes[n - 1]}.`;
}

/**
 * True when an attribute can be rendered: a non-empty string without commas, no leading or
 * trailing space, not starting or ending with the word "and".
 */
export function isRenderableAttribute(a: unknown): a is string {
  return typeof a === 'string' && a.trim() !== '' && a.trim() === a && !a.includes(',') && !/^and\b|\band$/i.test(a);
}

/** True when an attribute contains the word "and" ("Fish and Chips"). */
export function containsAnd(a: string): boolean {
  return / and /i.test(a);
}

/** Options of {@link parseDocumentText}. */
export interface ParseDocumentTextOptions {
  /**
   * Known items, used to split a final "X and Y" where X or Y itself contains "and": the split
   * whose two sides are both known wins.
   */
  knownItems?: ReadonlySet<string>;
}

/**
 * Parses a LIMIT document text ("<name> likes A, B and C.", with or without a serial comma) back
 * into name and attributes.
 *
 * @param text a document text.
 * @param options `knownItems` to resolve a final pair whose items contain "and".
 * @returns `{ name, attributes }`.
 * @throws InvalidArgumentError (parameter `text`) when the sentence is not "<name> likes … .", or
 *   its last two items cannot be told apart (more than one " and " and no unique split into known
 *   items).
 * @example
 * parseDocumentText('Ann Lee likes Tea, Jazz and Kites.'); // { name: 'Ann Lee', attributes: ['Tea', 'Jazz', 'Kites'] }
 * parseDocumentText('Bo Li likes Tea and Fish and Chips.', { knownItems: new Set(['Tea', 'Fish and Chips']) });
 * // { name: 'Bo Li', attributes: ['Tea', 'Fish and Chips'] }
 */
export function parseDocumentText(text: string, options: ParseDocumentTextOptions = {}): { name: string; attributes: string[] } {
  const m = typeof text === 'string' ? /^(.+?) likes (.+)\.$/s.exec(text) : null;
  if (m === null) {
    throw new InvalidArgumentError({ parameter: 'text', value: text, message: 'expected "<name> likes A, B and C."' });
  }
  const name = m[1]!;
  const pieces = m[2]!.split(', ');
  let last = pieces.pop()!;
  // A serial comma ("…, and C.") leaves the last piece starting with "and ".
  if (pieces.length > 0 && last.startsWith('and ')) return { name, attributes: [...pieces, last.slice(4)] };
  const splits: number[] = [];
  for (let i = last.indexOf(' and '); i >= 0; i = last.indexOf(' and ', i + 1)) splits.push(i);
  if (splits.length === 0) return { name, attributes: [...pieces, last] };
  let at = splits.length === 1 ? splits[0]! : -1;
  if (splits.length > 1 && options.knownItems) {
    const known = options.knownItems;
    const fits = splits.filter((i) => known.has(last.slice(0, i)) && known.has(last.slice(i + 5)));
    if (fits.length === 1) at = fits[0]!;
  }
  if (at < 0) {
    throw new InvalidArgumentError({
      parameter: 'text',
      value: text,
      message: `cannot tell the last two items apart in ${JSON.stringify(last)} (several " and "); pass knownItems`,
    });
  }
  const first = last.slice(0, at);
  last = last.slice(at + 5);
  return { name, attributes: [...pieces, first, last] };
}

/**
 * Renders a LIMIT query: `"Who likes X?"`.
 *
 * @param attribute the attribute asked about.
 * @returns the query text.
 * @throws InvalidArgumentError (parameter `attribute`) for an empty attribute.
 * @example
 * renderQueryText('Joshua Trees'); // 'Who likes Joshua Trees?'
 */
export function renderQueryText(attribute: string): string {
  if (typeof attribute !== 'string' || attribute.trim() === '') {
    throw new InvalidArgumentError({ parameter: 'attribute', value: attribute, message: 'attribute must be a non-empty string' });
  }
  return `Who likes ${attribute}?`;
}

/**
 * The attribute of a query written by {@link renderQueryText}.
 *
 * @throws InvalidArgumentError (parameter `text`) when the text is not "Who likes X?".
 * @example
 * parseQueryText('Who likes Joshua Trees?'); // 'Joshua Trees'
 */
export function parseQueryText(text: string): string {
  const m = typeof text === 'string' ? /^Who likes (.+)\?$/s.exec(text) : null;
  if (m === null) throw new InvalidArgumentError({ parameter: 'text', value: text, message: 'expected "Who likes X?"' });
  return m[1]!;
}
