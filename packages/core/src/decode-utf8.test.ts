import { describe, expect, it } from 'vitest';
import { DataFormatError } from './errors.js';
import { decodeUtf8 } from './decode-utf8.js';

const fail = (bytes: Uint8Array, firstLine?: number) => {
  try {
    decodeUtf8(bytes, 'f.json', firstLine);
  } catch (e) {
    return e as DataFormatError;
  }
  throw new Error('no error');
};

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 (multi-byte included) exactly', () => {
    const text = 'ab\nGenève → 東京 🦦\n';
    expect(decodeUtf8(new TextEncoder().encode(text), 'f')).toBe(text);
  });

  it('refuses an invalid byte, naming the line and the byte (never U+FFFD)', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('[\n{"a": "é"},\n{"b": "x'), 0xff, ...new TextEncoder().encode('"}\n]\n')]);
    const e = fail(bytes);
    expect(DataFormatError.isInstance(e)).toBe(true);
    expect(e.file).toBe('f.json');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/invalid UTF-8 \(byte 0xff at byte 9 of the line\)/);
    // a lone continuation byte and a truncated sequence in the middle, on a later first line
    expect(fail(new Uint8Array([0x61, 0x0a, 0x62, 0x80]), 10).line).toBe(11);
    const truncated = fail(new Uint8Array([0x61, 0xe6, 0x9d, 0x0a, 0x62]));
    expect(truncated.line).toBe(1);
    expect(truncated.message).toMatch(/byte 0xe6 at byte 2/);
    // a stray continuation byte after a complete sequence is blamed itself
    expect(fail(new Uint8Array([0xc3, 0xa9, 0xa9])).message).toMatch(/byte 0xa9 at byte 3/);
    // a Latin-1 é before ASCII: the lead byte is named
    expect(fail(new Uint8Array([0x61, 0xe9, 0x6c, 0x61])).message).toMatch(/byte 0xe9 at byte 2/);
    // at the very end
    expect(fail(new Uint8Array([0x61, 0xe6])).message).toMatch(/byte 0xe6 at byte 2/);
  });
});
