import { InvalidArgumentError } from '@limit/core';

/**
 * Renders a LIMIT document text: `"<name> likes A, B, and C."` — the official release's style
 * (serial comma; "A and B." for two, "A." for one).
 *
 * @param name the person's name (the document id), non-empty.
 * @param attributes the liked attributes in display order, at least one; none may contain a comma
 *   or the word "and" (that would make the sentence ambiguous to parse).
 * @returns the sentence.
 * @throws InvalidArgumentError (parameter `name` or `attributes`) for an empty name, no attributes,
 *   or an attribute that is empty or contains a comma or the word "and".
 * @example
 * renderDocumentText('Geneva Durben', ['Quokkas', 'River Otters', 'Joshua Trees']);
 * // 'Geneva Durben likes Quokkas, River Otters, and Joshua Trees.'
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
        message: `attribute ${JSON.stringify(a)} must be a non-empty string without commas or the word "and"`,
      });
    }
  }
  return renderDocumentTextUnchecked(name, attributes);
}

/** {@link renderDocumentText} without checks, for the generator's hot loop (inputs pre-validated). */
export function renderDocumentTextUnchecked(name: string, attributes: readonly string[]): string {
  const n = attributes.length;
  if (n === 1) return `${name} likes ${attributes[0]}.`;
  if (n === 2) return `${name} likes ${attributes[0]} and ${attributes[1]}.`;
  // One join (a flat string) rather than n concatenations (n rope nodes kept alive per document).
  const last = attributes[n - 1];
  return `${name} likes ${attributes.slice(0, n - 1).join(', ')}, and ${last}.`;
}

/** True when an attribute can be rendered unambiguously (non-empty, no comma, no word "and"). */
export function isRenderableAttribute(a: unknown): a is string {
  return typeof a === 'string' && a.trim() !== '' && !a.includes(',') && !/\band\b/i.test(a);
}

/**
 * Parses a text written by {@link renderDocumentText} back into name and attributes.
 *
 * @param text a document text.
 * @returns `{ name, attributes }`, or throws when the text is not in that form.
 * @throws InvalidArgumentError (parameter `text`) when the sentence is not "<name> likes … ."
 * @example
 * parseDocumentText('Ann Lee likes Tea, Jazz, and Kites.'); // { name: 'Ann Lee', attributes: ['Tea', 'Jazz', 'Kites'] }
 */
export function parseDocumentText(text: string): { name: string; attributes: string[] } {
  const m = typeof text === 'string' ? /^(.+?) likes (.+)\.$/s.exec(text) : null;
  if (m === null) {
    throw new InvalidArgumentError({ parameter: 'text', value: text, message: 'expected "<name> likes A, B, and C."' });
  }
  const name = m[1]!;
  const body = m[2]!;
  let attributes: string[];
  const lastAnd = body.lastIndexOf(' and ');
  if (lastAnd < 0) {
    attributes = [body];
  } else {
    const head = body.slice(0, lastAnd).replace(/,$/, '');
    const last = body.slice(lastAnd + ' and '.length);
    attributes = [...head.split(', '), last];
  }
  return { name, attributes };
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
