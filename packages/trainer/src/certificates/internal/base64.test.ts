import { describe, expect, it } from 'vitest';
import { base64ToFloat32, float32ToBase64 } from './base64.js';

describe('float32 base64', () => {
  it('agrees with Node Buffer (little-endian) and round-trips exactly', () => {
    for (const length of [0, 1, 2, 3, 7, 100]) {
      const values = Float32Array.from({ length }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3));
      const encoded = float32ToBase64(values);
      const bytes = Buffer.alloc(length * 4);
      values.forEach((v, i) => bytes.writeFloatLE(v, 4 * i));
      expect(encoded).toBe(bytes.toString('base64'));
      expect(Array.from(base64ToFloat32(encoded, length)!)).toEqual(Array.from(values));
    }
  });

  it('rejects text of the wrong length or alphabet', () => {
    const encoded = float32ToBase64(new Float32Array([1, 2, 3]));
    expect(base64ToFloat32(encoded, 4)).toBeUndefined();
    expect(base64ToFloat32(`${encoded.slice(0, -2)}!!`, 3)).toBeUndefined();
  });
});
