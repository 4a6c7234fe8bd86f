// Contract and agreement tests of the WebGPU engine. In Node without a GPU they run on SwiftShader
// (Debian's chromium package ships its Vulkan ICD; `node scripts/ensure-swiftshader.mjs` installs it),
// so they check correctness only — never speed. They skip only when neither the `webgpu` package
// nor an adapter is available, and say why.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BackendUnavailableError, EngineStateError, InvalidArgumentError, ShapeMismatchError, createDenseMatrix, createRng } from '@limit/core';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { allSubsetQrels, paperInit, unitRows } from '../test/problems.js';
import { ReferenceTrainer, sortedTopKAccuracy } from '../test/reference-step.js';
import { acquireTestGpu } from '../test/swiftshader.js';
import type { WebGpuStepEngine, WebGpuStepEngineInit } from './step-engine-types.js';
import { createWebGpuStepEngine } from './webgpu-step-engine.js';

const testGpu = await acquireTestGpu();
if (testGpu.gpu === undefined) console.warn(`webgpu engine tests skipped: ${testGpu.note}`);
else console.error(`webgpu engine tests run on: ${testGpu.note}`);
const gpu = testGpu.gpu;

const live: WebGpuStepEngine[] = [];
async function engineFor(init: WebGpuStepEngineInit, options: Parameters<typeof createWebGpuStepEngine>[1] = {}): Promise<WebGpuStepEngine> {
  const engine = await createWebGpuStepEngine(init, { gpu, ...options });
  live.push(engine);
  return engine;
}
afterAll(async () => {
  for (const engine of live) await engine.dispose();
});

/** The trainer's onnx engine, imported from its source (its place differs before/after the providers refactor). */
async function loadOnnxEngine(): Promise<(init: WebGpuStepEngineInit, options: { ort: unknown }) => Promise<{ step(): Promise<number>; dispose(): Promise<void> }>> {
  for (const candidate of ['../../trainer/src/engines/onnx/onnx-engine.ts', '../../trainer/src/engines/onnx-engine.ts']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return ((await import(/* @vite-ignore */ path)) as { createOnnxEngine: never }).createOnnxEngine;
  }
  throw new Error('the trainer onnx engine source was not found');
}

const relativeDifference = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.skipIf(gpu === undefined)('createWebGpuStepEngine', () => {
  it('runs on the adapter the set-up chose (SwiftShader when VK_ICD_FILENAMES points at it)', async () => {
    const engine = await engineFor(paperInit(6, 3, 1));
    expect(engine.name).toBe('webgpu');
    expect(engine.precision).toBe('float32');
    if (/swiftshader/i.test(process.env.VK_ICD_FILENAMES ?? '')) {
      expect(`${engine.adapter.architecture} ${engine.adapter.description}`).toMatch(/swiftshader/i);
    }
  });

  for (const [n, d] of [[12, 5], [20, 6]] as const) {
    it(`tracks the float64 reference and the onnx engine over 100 steps (n = ${n}, d = ${d})`, async () => {
      const init = paperInit(n, d, 7);
      const engine = await engineFor(init);
      const reference = new ReferenceTrainer(init);
      const createOnnxEngine = await loadOnnxEngine();
      const onnx = await createOnnxEngine(init, { ort });
      let worstReference = 0;
      let worstOnnx = 0;
      let last = { gpu: 0, onnx: 0, reference: 0 };
      let firstLoss = Number.NaN;
      for (let s = 0; s < 100; s++) {
        last = { gpu: await engine.step(), onnx: await onnx.step(), reference: reference.step() };
        if (s === 0) firstLoss = last.reference;
        worstReference = Math.max(worstReference, relativeDifference(last.gpu, last.reference));
        worstOnnx = Math.max(worstOnnx, relativeDifference(last.gpu, last.onnx));
      }
      await onnx.dispose();
      console.error(`n=${n} d=${d}: worst relative loss difference over 100 steps vs float64 ${worstReference.toExponential(2)}, vs onnx ${worstOnnx.toExponential(2)}`);
      // the loss fell: the run trains, it is not two engines agreeing on a frozen state
      expect(last.reference).toBeLessThan(0.9 * firstLoss);
      expect(worstReference).toBeLessThan(1e-5);
      expect(worstOnnx).toBeLessThan(1e-5);
      expect(relativeDifference(last.gpu, last.onnx)).toBeLessThan(1e-4);
    });
  }
});
