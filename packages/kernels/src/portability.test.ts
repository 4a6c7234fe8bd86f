import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The prebuild must load and run on any x86-64 CPU: only the AVX2 translation unit may contain AVX
// (ymm) instructions, and the CPU is checked before any of it runs. This inspects the objects the build
// linked (the prebuild itself is stripped).
const objects = join(import.meta.dirname, '..', 'native', 'build', 'Release', 'obj.target', 'limit_kernels', 'src');
const hasObjdump = (() => {
  try {
    execFileSync('objdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const runnable = process.arch === 'x64' && hasObjdump && existsSync(join(objects, 'isa_generic.o'));
const prebuild = join(import.meta.dirname, '..', 'prebuilds', 'linux-x64', 'limit_kernels.glibc.node');

describe.skipIf(!runnable)('portable prebuild', () => {
  // VEX-encoded (AVX, AVX2, FMA) instructions: ymm registers or v-prefixed SSE mnemonics (vmovups, vfmadd…)
  const vexCount = (file: string) =>
    (execFileSync('objdump', ['-d', '--no-show-raw-insn', join(objects, file)], { encoding: 'utf8', maxBuffer: 64 << 20 }).match(/%ymm|\tv[a-z0-9]+\s/g) ?? []).length;

  it('has AVX / FMA instructions only in the AVX2 kernels', () => {
    for (const file of ['binding.o', 'engine.o', 'isa_generic.o']) expect(vexCount(file), file).toBe(0);
    expect(vexCount('isa_avx2.o')).toBeGreaterThan(100); // the check above can fail: AVX code is recognised
  });

  // The README promises glibc ≥ 2.17 and the libstdc++ of GCC ≥ 6: no symbol of the prebuild may need a newer
  // version (a libm call such as exp or log1p added to a kernel would pull in GLIBC_2.29 from a new toolchain).
  it.skipIf(!existsSync(prebuild))('needs no glibc symbol version above 2.17 and no libstdc++ above GLIBCXX_3.4.22', () => {
    const dynamic = execFileSync('objdump', ['-T', prebuild], { encoding: 'utf8' });
    const versions = (prefix: string) =>
      [...dynamic.matchAll(new RegExp(`\\b${prefix}_([0-9.]+)\\b`, 'g'))].map((m) => m[1]!.split('.').map(Number));
    const newest = (list: number[][]) => list.reduce((a, b) => (compare(a, b) >= 0 ? a : b), [0]);
    const compare = (a: number[], b: number[]) => {
      for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
      return 0;
    };
    const glibc = versions('GLIBC');
    const glibcxx = versions('GLIBCXX');
    expect(glibc.length).toBeGreaterThan(0); // the pattern finds what it looks for
    expect(compare(newest(glibc), [2, 17]), `GLIBC_${newest(glibc).join('.')}`).toBeLessThanOrEqual(0);
    expect(compare(newest(glibcxx), [3, 4, 22]), `GLIBCXX_${newest(glibcxx).join('.')}`).toBeLessThanOrEqual(0);
  });
});
