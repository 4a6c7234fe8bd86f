import { InvalidArgumentError } from './errors.js';

/** A seed: a safe integer, a bigint, or a string (hashed). */
export type Seed = number | bigint | string;

/**
 * A seeded pseudo-random generator. All randomness in the limit packages flows through one of these;
 * nothing uses the global, unseeded generator.
 *
 * The generator is xoshiro128** (32-bit state words, fast in JavaScript) seeded through SplitMix32.
 * Its sequence depends only on the seed, so results are identical run after run and machine to machine.
 */
export interface Rng {
  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform integer in [0, maxExclusive), without modulo bias. `maxExclusive` ≤ 2^53. */
  integer(maxExclusive: number): number;
  /** Uniform integer in [min, max] inclusive. */
  integerInRange(min: number, max: number): number;
  /** Standard normal N(0, 1) draw (Marsaglia's polar method). */
  normal(): number;
  /** Fills `out` (or a new Float32Array of `length`) with N(0, 1) draws. */
  normals(length: number): Float32Array;
  fillNormal<T extends Float32Array | Float64Array>(out: T): T;
  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T;
  /**
   * An independent generator derived from this one. Splitting advances this generator, so the
   * same sequence of splits always yields the same children.
   */
  split(): Rng;
  /** The seed this generator was created from (children report their derivation, e.g. `42/1`). */
  readonly seedLabel: string;
}

function mix32(x: number): number {
  // SplitMix32-style finaliser (from MurmurHash3's fmix32).
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function seedWords(seed: Seed): number[] {
  let words: number[];
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) {
      throw new InvalidArgumentError({ parameter: 'seed', value: seed, message: `seed (${seed}) must be a safe integer, a bigint or a string` });
    }
    const big = BigInt(seed);
    words = [Number(BigInt.asUintN(32, big)), Number(BigInt.asUintN(32, big >> 32n)), seed < 0 ? 1 : 0];
  } else if (typeof seed === 'bigint') {
    words = [];
    let v = seed < 0n ? -seed : seed;
    do {
      words.push(Number(BigInt.asUintN(32, v)));
      v >>= 32n;
    } while (v > 0n);
    words.push(seed < 0n ? 1 : 0);
  } else if (typeof seed === 'string') {
    words = [];
    for (let i = 0; i < seed.length; i++) words.push(seed.charCodeAt(i));
    words.push(0x5eed);
  } else {
    throw new InvalidArgumentError({ parameter: 'seed', value: seed, message: 'seed must be a safe integer, a bigint or a string' });
  }
  return words;
}

/** Absorbs seed words into a SplitMix32 state, then draws the four xoshiro128** state words from it. */
function stateFromSeedWords(words: readonly number[]): [number, number, number, number] {
  let h = 0x9e3779b9;
  for (const w of words) h = mix32((h ^ w) + 0x9e3779b9);
  const next = () => {
    h = (h + 0x9e3779b9) | 0;
    return mix32(h);
  };
  const state: [number, number, number, number] = [next(), next(), next(), next()];
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return state;
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;
  private splits = 0;
  readonly seedLabel: string;

  constructor(state: readonly [number, number, number, number], label: string) {
    this.seedLabel = label;
    this.s0 = state[0];
    this.s1 = state[1];
    this.s2 = state[2];
    this.s3 = state[3];
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  integer(maxExclusive: number): number {
    if (!Number.isSafeInteger(maxExclusive) || maxExclusive <= 0) {
      throw new InvalidArgumentError({
        parameter: 'maxExclusive',
        value: maxExclusive,
        message: `maxExclusive (${maxExclusive}) must be a positive safe integer`,
      });
    }
    if (maxExclusive <= 0x100000000) {
      // Lemire-style rejection on 32 bits: unbiased.
      const limit = 0x100000000 - (0x100000000 % maxExclusive);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % maxExclusive;
      }
    }
    // 53-bit path: rejection sampling on uniform 53-bit integers.
    const range = 9007199254740992;
    const limit = range - (range % maxExclusive);
    for (;;) {
      const x = (this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6);
      if (x < limit) return x % maxExclusive;
    }
  }

  integerInRange(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new InvalidArgumentError({ parameter: 'max', value: max, message: `need integers with min (${min}) ≤ max (${max})` });
    }
    return min + this.integer(max - min + 1);
  }

  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  normals(length: number): Float32Array {
    return this.fillNormal(new Float32Array(length));
  }

  fillNormal<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  split(): Rng {
    this.splits += 1;
    const words = [this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32(), this.splits];
    return new Xoshiro128(stateFromSeedWords(words), `${this.seedLabel}/${this.splits}`);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Creates a seeded {@link Rng}.
 *
 * @param seed a safe integer, bigint or string; the same seed always gives the same sequence.
 * @throws InvalidArgumentError when the seed is not one of those.
 * @example
 * const rng = createRng(42);
 * const init = rng.normals(10 * 4); // 10 × 4 N(0,1) draws, identical on every machine
 * const child = rng.split();        // an independent stream
 */
export function createRng(seed: Seed): Rng {
  return new Xoshiro128(stateFromSeedWords(seedWords(seed)), String(seed));
}

/**
 * Creates the xoshiro128** generator from a raw state, bypassing the SplitMix32 seeding that
 * {@link createRng} applies. Exists so tests can check the generator against the reference
 * algorithm's known answers; not exported from the package index.
 *
 * @param state four unsigned 32-bit integers [s0, s1, s2, s3], not all zero.
 * @throws InvalidArgumentError (parameter `state`) when the state is not four integers in
 *   [0, 2^32) or is all zero (a fixed point of the generator).
 * @example
 * createXoshiro128FromState([1, 2, 3, 4]).nextUint32(); // 11520
 * @internal
 */
export function createXoshiro128FromState(state: readonly number[]): Rng {
  if (
    !Array.isArray(state) ||
    state.length !== 4 ||
    !state.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)
  ) {
    throw new InvalidArgumentError({ parameter: 'state', value: state, message: 'state must be four integers in [0, 2^32)' });
  }
  if (state.every((w) => w === 0)) {
    throw new InvalidArgumentError({ parameter: 'state', value: state, message: 'state must not be all zero (a fixed point of xoshiro128**)' });
  }
  return new Xoshiro128([state[0]! | 0, state[1]! | 0, state[2]! | 0, state[3]! | 0], `state:${state.join(',')}`);
}
