import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..');
const temp = join(root, 'test', 'readme-example.tmp.ts');

describe('README', () => {
  afterAll(() => rmSync(temp, { force: true }));

  it('runs the usage example verbatim (imports mapped to this workspace) and prints what it says', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /## Use\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    mkdirSync(join(root, 'test'), { recursive: true });
    writeFileSync(temp, example!.replace("from '@limit/kernels'", "from '../src/index.js'"));
    const lines: unknown[][] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));
    try {
      await import(/* @vite-ignore */ temp);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(2);
    const [name, loss, relevantInTopK, exactTopK] = lines[0]!;
    expect(String(name)).toMatch(/^native-(avx2|generic)$/);
    expect(Number(loss)).toBeCloseTo(0.3466, 4);
    expect([relevantInTopK, exactTopK]).toEqual([1, 1]);
    expect(String(lines[1]![0])).toMatch(/^\d+ GFLOP\/s float32 GEMM$/);
  });
});
