/**
 * Converts IEEE 754 half-precision bit patterns (what onnxruntime returns for a `float16` tensor
 * when the platform has no `Float16Array`: a `Uint16Array`) to float32 values. Exact: every
 * half value, subnormals, ±0, ±Infinity and NaN included, is representable in float32.
 *
 *   value = (−1)^s · 2^(e−15) · (1 + m/1024)   (e = 1…30)
 *   value = (−1)^s · 2^(−14) · (m/1024)         (e = 0, subnormal)
 *
 * @param bits - Half-precision bit patterns.
 * @returns The values as float32.
 * @example
 * float16BitsToFloat32(Uint16Array.of(0x3c00, 0xc000, 0x7c00)); // Float32Array [1, -2, Infinity]
 */
export function float16BitsToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) out[i] = sign * mantissa * 2 ** -24;
    else if (exponent === 0x1f) out[i] = mantissa === 0 ? sign * Infinity : NaN;
    else out[i] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return out;
}

/**
 * Converts float32 values to IEEE 754 half-precision bit patterns, rounding to nearest, ties to
 * even (as a float16 cast does); values beyond ±65504 become ±Infinity, NaN stays NaN. For building
 * float16 initializers with `encodeOnnxModel` (type `'float16'`, data a `Uint16Array`).
 *
 * @param values - float32 (or any number) values.
 * @returns The half-precision bit patterns.
 * @example
 * float32ToFloat16Bits(Float32Array.of(1, -2, 65520)); // Uint16Array [0x3c00, 0xc000, 0x7c00]
 */
export function float32ToFloat16Bits(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i]!;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exponent = (x >>> 23) & 0xff;
    let mantissa = x & 0x7fffff;
    if (exponent === 0xff) {
      out[i] = sign | 0x7c00 | (mantissa ? 0x200 : 0);
      continue;
    }
    let e = exponent - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      // subnormal half (or zero): shift the full significand, round to nearest even
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mantissa |= 0x800000;
      const shift = 14 - e;
      const half = 1 << (shift - 1);
      const rest = mantissa & ((1 << shift) - 1);
      let m = mantissa >>> shift;
      if (rest > half || (rest === half && (m & 1) === 1)) m++;
      out[i] = sign | m; // a carry into bit 10 gives the smallest normal, which is right
      continue;
    }
    const rest = mantissa & 0x1fff;
    let m = mantissa >>> 13;
    if (rest > 0x1000 || (rest === 0x1000 && (m & 1) === 1)) {
      m++;
      if (m === 0x400) {
        m = 0;
        e++;
        if (e >= 0x1f) {
          out[i] = sign | 0x7c00;
          continue;
        }
      }
    }
    out[i] = sign | (e << 10) | m;
  }
  return out;
}
