const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Float32 values as little-endian bytes in base64 (portable: no Buffer, no btoa on huge strings). */
export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    chunk += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | (b >> 4)]!;
    chunk += i + 1 < bytes.length ? ALPHABET[((b & 15) << 2) | (c >> 6)]! : '=';
    chunk += i + 2 < bytes.length ? ALPHABET[c & 63]! : '=';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Inverse of {@link float32ToBase64}; returns undefined when the text is not valid base64 of `length` floats. */
export function base64ToFloat32(text: string, length: number): Float32Array | undefined {
  if (typeof text !== 'string' || text.length !== 4 * Math.ceil((length * 4) / 3)) {
    return undefined;
  }
  const bytes = new Uint8Array(length * 4);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const codes = [0, 1, 2, 3].map((j) => {
      const ch = text.charCodeAt(i + j);
      return ch === 61 /* = */ ? 0 : ch < 128 ? LOOKUP[ch]! : -1;
    });
    if (codes.some((c) => c < 0)) return undefined;
    const [a, b, c, d] = codes as [number, number, number, number];
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < bytes.length) bytes[o++] = (triple >> 16) & 255;
    if (o < bytes.length) bytes[o++] = (triple >> 8) & 255;
    if (o < bytes.length) bytes[o++] = triple & 255;
  }
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}
