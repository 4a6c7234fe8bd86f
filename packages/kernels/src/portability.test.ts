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

describe.skipIf(!runnable)('portable prebuild', () => {
  // VEX-encoded (AVX, AVX2, FMA) instructions: ymm registers or v-prefixed SSE mnemonics (vmovups, vfmadd…)
  const vexCount = (file: string) =>
    (execFileSync('objdump', ['-d', '--no-show-raw-insn', join(objects, file)], { encoding: 'utf8', maxBuffer: 64 << 20 }).match(/%ymm|\tv[a-z0-9]+\s/g) ?? []).length;

  it('has AVX / FMA instructions only in the AVX2 kernels', () => {
    for (const file of ['binding.o', 'engine.o', 'isa_generic.o']) expect(vexCount(file), file).toBe(0);
    expect(vexCount('isa_avx2.o')).toBeGreaterThan(100); // the check above can fail: AVX code is recognised
  });
});
