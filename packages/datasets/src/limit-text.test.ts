import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { parseDocumentText, parseQueryText, renderDocumentText, renderQueryText } from './limit-text.js';

describe('LIMIT text format', () => {
  it('renders the official style: no serial comma', () => {
    expect(renderDocumentText('Geneva Durben', ['Quokkas', 'River Otters', 'Joshua Trees'])).toBe(
      'Geneva Durben likes Quokkas, River Otters and Joshua Trees.',
    );
    expect(renderDocumentText('Ann Lee', ['Fish and Chips', 'Tea', 'Jazz'])).toBe('Ann Lee likes Fish and Chips, Tea and Jazz.');
    expect(renderDocumentText('Ann Lee', ['Tea', 'Jazz'])).toBe('Ann Lee likes Tea and Jazz.');
    expect(renderDocumentText('Ann Lee', ['Tea'])).toBe('Ann Lee likes Tea.');
    expect(renderQueryText('Joshua Trees')).toBe('Who likes Joshua Trees?');
  });

  it('parses what it renders (round trip for 1 … 50 attributes)', () => {
    const pool = Array.from({ length: 50 }, (_, i) => `Thing ${String.fromCharCode(65 + (i % 26))}${i}`);
    for (let n = 1; n <= 50; n++) {
      const attrs = pool.slice(0, n);
      expect(parseDocumentText(renderDocumentText('Bo Li', attrs))).toEqual({ name: 'Bo Li', attributes: attrs });
    }
    expect(parseQueryText(renderQueryText("Rubik's Cubes"))).toBe("Rubik's Cubes");
  });

  it('parses items with "and", a serial comma, and an ambiguous final pair with knownItems', () => {
    expect(parseDocumentText('Ann Lee likes Fish and Chips, Tea and Jazz.').attributes).toEqual(['Fish and Chips', 'Tea', 'Jazz']);
    expect(parseDocumentText('Ann Lee likes Tea, Jazz, and Kites.').attributes).toEqual(['Tea', 'Jazz', 'Kites']);
    const text = 'Ann Lee likes Jazz, Tea and Macaroni and Cheese.';
    expect(() => parseDocumentText(text)).toThrow(/cannot tell the last two items apart/);
    const knownItems = new Set(['Tea', 'Macaroni and Cheese', 'Jazz']);
    expect(parseDocumentText(text, { knownItems }).attributes).toEqual(['Jazz', 'Tea', 'Macaroni and Cheese']);
    // round trip of a rendered text whose last item contains "and"
    expect(parseDocumentText(renderDocumentText('Bo Li', ['Rice and Beans', 'Salt and Pepper']), { knownItems: new Set(['Rice and Beans', 'Salt and Pepper']) })).toEqual({
      name: 'Bo Li',
      attributes: ['Rice and Beans', 'Salt and Pepper'],
    });
  });

  it('rejects attributes that would make the sentence ambiguous', () => {
    for (const bad of ['Fish, Chips', 'and Roll', 'Rock and', ' Tea', '', '  ']) {
      try {
        renderDocumentText('Ann Lee', ['Tea', bad]);
        expect.unreachable();
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e)).toBe(true);
        expect((e as InvalidArgumentError).parameter).toBe('attributes');
      }
    }
    expect(() => renderDocumentText('', ['Tea'])).toThrow(/parameter name/);
    expect(() => renderDocumentText('Ann', [])).toThrow(/parameter attributes/);
    // "Sandlands" contains "and" only inside a word: allowed.
    expect(renderDocumentText('Ann Lee', ['Sandlands'])).toBe('Ann Lee likes Sandlands.');
  });

  it('rejects texts that are not in the LIMIT form', () => {
    expect(() => parseDocumentText('Ann Lee enjoys Tea.')).toThrow(InvalidArgumentError);
    expect(() => parseQueryText('Who loves Tea?')).toThrow(/parameter text/);
  });
});
