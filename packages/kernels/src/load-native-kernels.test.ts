import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendUnavailableError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { NATIVE_ABI_VERSION, assertNativeAbi, isNativeKernelAvailable, loadNativeKernels, loadNativeKernelsFrom } from './load-native-kernels.js';

describe('loadNativeKernels', () => {
  it('loads the prebuild of this platform (the build ran here) and reports its instruction set', () => {
    expect(isNativeKernelAvailable()).toBe(true);
    const kernels = loadNativeKernels();
    expect(['avx2', 'generic']).toContain(kernels.bestInstructionSet());
    expect(loadNativeKernels()).toBe(kernels); // cached
    expect(kernels.abiVersion).toBe(NATIVE_ABI_VERSION);
  });

  it('refuses an addon of another argument version (a stale build) with BackendUnavailableError saying how to rebuild', () => {
    expect(() => assertNativeAbi({ abiVersion: NATIVE_ABI_VERSION }, 'here')).not.toThrow();
    for (const stale of [{ abiVersion: 1 }, {} as { abiVersion: number }]) {
      let error: unknown;
      try {
        assertNativeAbi(stale, '/somewhere');
      } catch (e) {
        error = e;
      }
      expect(BackendUnavailableError.isInstance(error) && error.backend).toBe('@limit/kernels');
      expect((error as Error).message).toMatch(/version 1 .*stale build.*pnpm --filter @limit\/kernels build/);
    }
  });

  it('throws BackendUnavailableError naming the package and the platform, with the loader error as cause, when no prebuild exists', () => {
    const empty = mkdtempSync(join(tmpdir(), 'limit-kernels-none-'));
    try {
      let error: unknown;
      try {
        loadNativeKernelsFrom(empty);
      } catch (e) {
        error = e;
      }
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      const e = error as BackendUnavailableError;
      expect(e.backend).toBe('@limit/kernels');
      expect(e.message).toContain(`${process.platform}-${process.arch}`);
      expect(e.message).toContain('onnx');
      expect(e.cause).toBeInstanceOf(Error);
      expect(String((e.cause as Error).message)).toMatch(/No native build was found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
