import { DataFormatError } from './errors.js';

/**
 * Decodes UTF-8 bytes, refusing invalid ones: never replaces a byte by U+FFFD (which a later write would make
 * permanent). The error names the file, the line of the first bad byte and its place in that line. Linear in the
 * input (the bad byte is located by bisection over prefixes, only when there is one).
 *
 * @param bytes - the bytes (a whole file, or one line of it).
 * @param file - the file they came from, for the error.
 * @param firstLine - the 1-based line `bytes` start on (default 1).
 * @returns the text.
 * @throws DataFormatError (file, line) naming the first invalid byte.
 * @example
 * ```ts
 * const text = decodeUtf8(await readFile(path), path);
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, file: string, firstLine = 1): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const at = firstInvalidUtf8Byte(bytes);
    let line = firstLine;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new DataFormatError({
      file,
      line,
      message: `invalid UTF-8 (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at byte ${at - lineStart + 1} of the line)`,
      cause: error,
    });
  }
}

/** Offset of the first byte of the first invalid sequence (a lead byte whose sequence is cut short, or a stray byte). */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  // decoding a prefix in streaming mode fails iff the prefix holds an invalid byte: bisect for the shortest one
  const fails = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let at = bytes.length; // no prefix fails: a sequence is cut short by the end of the input
  if (fails(bytes.length)) {
    let lo = 0;
    let hi = bytes.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (fails(mid)) hi = mid;
      else lo = mid;
    }
    at = hi - 1; // the byte that broke decoding
  }
  // if it interrupted a multi-byte sequence still pending, blame that sequence's lead byte
  let j = at - 1;
  while (j >= 0 && j >= at - 3 && (bytes[j]! & 0xc0) === 0x80) j--;
  if (j >= 0 && j < at) {
    const lead = bytes[j]!;
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (length > 1 && j + length > at) return j;
  }
  return Math.min(at, bytes.length - 1);
}
