import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDenseMatrix } from '@limit/core';
import { PAPER_ADAM, ReferenceStepper, kSubsets, qrelsFromSets } from '@limit/step-engine/testing';
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

  it('runs the objectives example verbatim and prints what its comment says (the hinge loss of the float64 reference)', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /## Objectives and query modes\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const said = /console\.log\(lossBefore[^\n]*\/\/ (\S+) (\S+)/.exec(example!);
    expect(said).not.toBeNull();
    mkdirSync(join(root, 'test'), { recursive: true });
    writeFileSync(temp, example!.replace("from '@limit/kernels'", "from '../src/index.js'"));
    const lines: unknown[][] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));
    try {
      await import(/* @vite-ignore */ `${temp}?objectives`);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual([[said![1], said![2]]]);
    // the value is the hinge loss of centroid queries, as the float64 reference computes it
    const documents = createDenseMatrix(4, 3, Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.48, 0.6, 0.64]));
    const qrels = qrelsFromSets(kSubsets(4, 2), 4);
    const reference = new ReferenceStepper({
      queries: createDenseMatrix(6, 3),
      documents,
      qrels,
      objective: { name: 'hinge', margin: 0.1 },
      queryMode: 'centroid',
      learningRate: 0.1,
      adam: PAPER_ADAM,
      blockSize: 64,
    });
    expect(reference.step().toFixed(4)).toBe(said![1]);
  });
});
