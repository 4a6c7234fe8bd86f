import { DataFormatError, InvalidArgumentError } from '@limit/core';

const ENCODE = /[\s%]/gu;
const ESCAPE = /%[0-9A-Fa-f]{2}/;

/**
 * Maps an id to a TREC-safe token, reversibly: every whitespace character and `%` becomes `%`
 * followed by the two upper-case hex digits of each of its UTF-8 bytes ("Geneva Durben" →
 * "Geneva%20Durben", "50%" → "50%25"); every other character is kept. An id without whitespace
 * or `%` is unchanged. {@link decodeTrecId} undoes it.
 *
 * Why: trec_eval splits lines on whitespace, and LIMIT's document ids are names with spaces.
 *
 * @param id any string.
 * @returns the TREC token.
 * @example
 * encodeTrecId('Geneva Durben'); // 'Geneva%20Durben'
 */
export function encodeTrecId(id: string): string {
  return id.replace(ENCODE, (c) =>
    Array.from(new TextEncoder().encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/**
 * Undoes {@link encodeTrecId}: `%XX` sequences are decoded as UTF-8 bytes.
 *
 * @param token a TREC id token.
 * @param where `{ file, line }` for errors.
 * @returns the original id.
 * @throws DataFormatError when the `%XX` sequences are not valid UTF-8.
 * @example
 * decodeTrecId('Geneva%20Durben'); // 'Geneva Durben'
 */
export function decodeTrecId(token: string, where: { file: string; line: number } = { file: 'trec', line: 0 }): string {
  if (!token.includes('%')) return token;
  return token.replace(/(?:%[0-9A-Fa-f]{2})+/g, (seq) => {
    try {
      return decodeURIComponent(seq);
    } catch (error) {
      throw new DataFormatError({ ...where, message: `id ${JSON.stringify(token)}: ${seq} is not valid percent-encoded UTF-8`, cause: error });
    }
  });
}

/**
 * The token written for `id`: encoded when `encode` is set, else `id` itself after checking it
 * cannot be misread — no whitespace (trec_eval would split it) and no `%XX` (the parsers would
 * decode it).
 *
 * @throws InvalidArgumentError naming `parameter` and the id.
 */
export function trecToken(id: string, encode: boolean, parameter: string): string {
  if (encode) return encodeTrecId(id);
  if (/\s/u.test(id)) {
    throw new InvalidArgumentError({
      parameter,
      value: id,
      message: `${parameter} ${JSON.stringify(id)} contains whitespace, which splits a TREC line into more fields; pass encodeIds: true to write it as ${JSON.stringify(encodeTrecId(id))}`,
    });
  }
  if (ESCAPE.test(id)) {
    throw new InvalidArgumentError({
      parameter,
      value: id,
      message: `${parameter} ${JSON.stringify(id)} contains a %XX sequence that the TREC parsers would decode; pass encodeIds: true`,
    });
  }
  return id;
}
