import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendUnavailableError } from '@limit/core';

/** Opaque handle of a native engine (a JavaScript object wrapping the C++ engine). */
export type NativeEngineHandle = { readonly __nativeEngine: unique symbol };

/**
 * Version of the addon's argument lists this package's wrappers speak. A prebuild of another version (a stale
 * build) is refused with BackendUnavailableError instead of being called with arguments it would misread.
 */
export const NATIVE_ABI_VERSION = 2;

/** The raw N-API surface of the addon. Arguments are validated by the TypeScript wrappers. */
export interface NativeKernels {
  /** Version of the argument lists below ({@link NATIVE_ABI_VERSION}). */
  readonly abiVersion: number;
  createEngine(
    queries: Float32Array,
    documents: Float32Array,
    q: number,
    n: number,
    d: number,
    offsets: Int32Array,
    docs: Int32Array,
    learningRate: number,
    temperature: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    threads: number,
    instructionSet: string,
    objective: 'infoNce' | 'hinge' | 'sigmoid',
    margin: number,
    bias: number,
    queryMode: 'free' | 'centroid',
  ): NativeEngineHandle;
  engineStep(handle: NativeEngineHandle): number;
  engineLossAndGradients(handle: NativeEngineHandle, gQ: Float32Array, gD: Float32Array): number;
  engineAccuracy(handle: NativeEngineHandle): { exactTopK: number; relevantInTopK: number };
  engineGetEmbeddings(handle: NativeEngineHandle, queries: Float32Array, documents: Float32Array): void;
  engineSetEmbeddings(handle: NativeEngineHandle, queries: Float32Array, documents: Float32Array): void;
  engineInfo(handle: NativeEngineHandle): { instructionSet: string; threads: number };
  engineDispose(handle: NativeEngineHandle): void;
  measureGemm(size: number, threads: number, repeats: number, instructionSet: string): number;
  sgemm(A: Float32Array, B: Float32Array, C: Float32Array, m: number, n: number, k: number, threads: number, instructionSet: string): void;
  bestInstructionSet(): string;
}

/** Platforms a prebuilt binary ships for (`<platform>-<arch>`, glibc). */
export const PREBUILT_PLATFORMS: readonly string[] = ['linux-x64'];

let cached: { kernels?: NativeKernels; error?: BackendUnavailableError } | undefined;

function platformLabel(): string {
  const report = process.report?.getReport?.() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const glibc = process.platform === 'linux' ? (report?.header?.glibcVersionRuntime ? ` glibc ${report.header.glibcVersionRuntime}` : ' musl') : '';
  return `${process.platform}-${process.arch}${glibc}`;
}

/**
 * Loads the addon from `packageRoot/prebuilds` (node-gyp-build's lookup); a failure becomes a
 * BackendUnavailableError naming the package and the platform, with the loader's error as its cause.
 * Internal (exported for the loader's tests).
 */
export function loadNativeKernelsFrom(packageRoot: string): NativeKernels {
  let kernels: NativeKernels;
  try {
    const require = createRequire(import.meta.url);
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;
    kernels = nodeGypBuild(packageRoot) as NativeKernels;
  } catch (cause) {
    throw new BackendUnavailableError({
      backend: '@limit/kernels',
      available: [],
      reason:
        `no loadable prebuilt native kernel for ${platformLabel()} (prebuilds ship for ${PREBUILT_PLATFORMS.join(', ')}, ` +
        'glibc ≥ 2.17, libstdc++ of GCC ≥ 6); use the onnx engine instead',
      cause,
    });
  }
  assertNativeAbi(kernels, packageRoot);
  return kernels;
}

/**
 * Refuses an addon whose argument lists are not this package's ({@link NATIVE_ABI_VERSION}). Internal
 * (exported for the loader's tests).
 *
 * @param kernels - the loaded addon.
 * @param where - where it was loaded from, for the message.
 * @throws BackendUnavailableError (`backend: '@limit/kernels'`) for another version (a stale build).
 * @example
 * ```ts
 * assertNativeAbi(addon, packageRoot); // throws for a prebuild of another version
 * ```
 */
export function assertNativeAbi(kernels: Pick<NativeKernels, 'abiVersion'>, where: string): void {
  if (kernels.abiVersion !== NATIVE_ABI_VERSION) {
    throw new BackendUnavailableError({
      backend: '@limit/kernels',
      available: [],
      reason:
        `the native kernel loaded from ${where} speaks version ${String(kernels.abiVersion ?? 1)} of the addon's arguments, ` +
        `this package version ${NATIVE_ABI_VERSION} (a stale build: rebuild it with pnpm --filter @limit/kernels build)`,
    });
  }
}

/**
 * Loads the prebuilt N-API addon of this package (`prebuilds/<platform>-<arch>/*.node`, found by
 * node-gyp-build). Never compiles or downloads anything. The result (or failure) is cached.
 *
 * @returns the raw native functions (for the wrappers in this package; most users want
 *   {@link createNativeStepEngine}).
 * @throws BackendUnavailableError (`backend: '@limit/kernels'`) naming the platform when no prebuild
 *   loads here (another platform, musl, a too-old glibc); the loader's error is its `cause`.
 * @example
 * ```ts
 * const native = loadNativeKernels();
 * console.log(native.bestInstructionSet()); // 'avx2' or 'generic'
 * ```
 */
export function loadNativeKernels(): NativeKernels {
  if (cached === undefined) {
    try {
      // src/*.ts (tests) and dist/*.js both sit one level below the package root
      cached = { kernels: loadNativeKernelsFrom(join(dirname(fileURLToPath(import.meta.url)), '..')) };
    } catch (error) {
      cached = { error: error as BackendUnavailableError };
    }
  }
  if (cached.error) throw cached.error;
  return cached.kernels!;
}

/**
 * Whether the native kernel loads on this machine (see {@link loadNativeKernels}); never throws.
 *
 * @returns true when a prebuilt binary for this platform loaded.
 * @example
 * ```ts
 * const engine = isNativeKernelAvailable() ? await createNativeStepEngine(init) : await createOnnxEngine(init);
 * ```
 */
export function isNativeKernelAvailable(): boolean {
  try {
    loadNativeKernels();
    return true;
  } catch {
    return false;
  }
}
