// Test page: the @limit/webgpu engine on the browser's own navigator.gpu (no `gpu` option), from the
// same initial embeddings the Node tests use. The Node side compares with its float64 reference.
import { createWebGpuStepEngine } from '@limit/webgpu';
import { paperInit } from '../../../../packages/webgpu/test/problems.js';

interface EngineCheck {
  adapter: string;
  losses: number[];
  solvedAt: number;
  exactTopK: number;
}

async function runWebGpuEngineCheck(n: number, d: number, seed: number, steps: number, budget: number): Promise<EngineCheck> {
  const engine = await createWebGpuStepEngine(paperInit(n, d, seed));
  try {
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) losses.push(await engine.step());
    let solvedAt = -1;
    let exactTopK = 0;
    for (let s = steps + 1; s <= budget && solvedAt < 0; s++) {
      await engine.step();
      if (s % 50 === 0) {
        exactTopK = (await engine.accuracy()).exactTopK;
        if (exactTopK === 1) solvedAt = s;
      }
    }
    const a = engine.adapter;
    return { adapter: `${a.vendor} ${a.architecture} ${a.description}`.trim(), losses, solvedAt, exactTopK };
  } finally {
    await engine.dispose();
  }
}

(globalThis as { runWebGpuEngineCheck?: typeof runWebGpuEngineCheck }).runWebGpuEngineCheck = runWebGpuEngineCheck;
document.body.dataset.ready = 'true';
