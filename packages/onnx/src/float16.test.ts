import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { float16BitsToFloat32, float32ToFloat16Bits } from './float16.js';

/** numpy's float16 as the independent reference (python3 + numpy are on every machine of this project). */
function numpyHalf(values: number[]): { bits: number[]; back: (number | string)[] } {
  const script = `
import json, sys, numpy as np
v = np.array(json.loads(sys.stdin.read()), dtype=np.float32)
h = v.astype(np.float16)
back = [x if np.isfinite(x) else str(x) for x in h.astype(np.float64).tolist()]
print(json.dumps({"bits": h.view(np.uint16).tolist(), "back": back}))`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(values.map((x) => (Number.isFinite(x) ? x : String(x)))), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { bits: number[]; back: (number | string)[] };
}

describe('float16 conversions', () => {
  it('hand-checked bit patterns: 1, −2, 65504, 2^−24, 2^−14, ±0, ±Infinity, NaN', () => {
    expect([...float32ToFloat16Bits([1, -2, 65504, 2 ** -24, 2 ** -14, 0, -0, Infinity, -Infinity])]).toEqual([
      0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x0000, 0x8000, 0x7c00, 0xfc00,
    ]);
    expect(float32ToFloat16Bits([NaN])[0]! & 0x7c00).toBe(0x7c00);
    expect([...float16BitsToFloat32(Uint16Array.of(0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x8000, 0x7c00, 0xfc00, 0x3555))]).toEqual([
      1, -2, 65504, 2 ** -24, 2 ** -14, -0, Infinity, -Infinity, Math.fround(0.333251953125),
    ]);
    expect(Number.isNaN(float16BitsToFloat32(Uint16Array.of(0x7e00))[0])).toBe(true);
  });
  it('matches numpy on every half value and on rounding (ties to even, overflow, subnormals)', () => {
    // every one of the 65,536 bit patterns decodes exactly as numpy decodes it
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const decoded = float16BitsToFloat32(all);
    const finite = [...all].filter((b) => (b & 0x7c00) !== 0x7c00);
    const sample = finite.filter((_, i) => i % 7 === 0);
    const viaNumpy = spawnSync(
      'python3',
      ['-c', 'import json,sys,numpy as np; b=np.array(json.loads(sys.stdin.read()),dtype=np.uint16); print(json.dumps(b.view(np.float16).astype(np.float64).tolist()))'],
      { input: JSON.stringify(sample), encoding: 'utf8' },
    );
    expect(viaNumpy.status, viaNumpy.stderr).toBe(0);
    const expected = JSON.parse(viaNumpy.stdout) as number[];
    sample.forEach((b, i) => expect(decoded[b], `0x${b.toString(16)}`).toBe(expected[i]));
    // encoding: values between halves (ties), near the top, subnormals, negative
    const values: number[] = [];
    for (let i = 0; i < 400; i++) values.push(((i * 7919) % 2000) / 97 - 10, 2 ** -25 * (i % 9), 65504 + i * 4, (1 + (2 * i + 1) / 2048) * 2 ** ((i % 30) - 15));
    const ref = numpyHalf(values);
    expect([...float32ToFloat16Bits(values)]).toEqual(ref.bits);
  });
});
