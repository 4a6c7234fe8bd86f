import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { parseDocumentText, parseQueryText, renderDocumentText, renderQueryText } from './limit-text.js';

describe('LIMIT text format', () => {
  it('renders the official style with a serial comma', () => {
    expect(renderDocumentText('Geneva Durben', ['Quokkas', 'River Otters', 'Joshua Trees'])).toBe(
      'Geneva Durben likes Quokkas, River Otters, and Joshua Trees.',
    );
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

  it('rejects attributes that would make the sentence ambiguous', () => {
    for (const bad of ['Fish, Chips', 'Rock and Roll', '', '  ']) {
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
