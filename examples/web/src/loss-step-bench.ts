// Test hook, not UI: what the losses' read-back validation costs per training step on a GPU backend.
// examples/web/test/browser.test.ts calls it through globalThis.__limitInfoNceStepCost (see main.ts).
import * as tf from '@tensorflow/tfjs-core';
import { infoNce } from '@limit/losses';
import { prepareEngine } from './runtime.js';

export interface InfoNceStepCost {
  backend: string;
  /** Median ms per `optimizer.minimize(() => infoNce(…))` step with the default validation (two device→host reads). */
  validateMs: number;
  /** The same with `validate: false` (no read-back inside the step). */
  noValidateMs: number;
  /** validateMs / noValidateMs, measured in the same run (rounds interleaved). */
  ratio: number;
  steps: number;
  rounds: number;
}

/** Times SGD steps of fused InfoNCE (`[queries, dim]` queries and documents, identity relevance). */
export async function infoNceStepCost(options: { backend?: 'cpu' | 'wasm' | 'webgl' | 'webgpu'; queries?: number; dim?: number; steps?: number; rounds?: number } = {}): Promise<InfoNceStepCost> {
  const { backend = 'webgl', queries = 256, dim = 64, steps = 20, rounds = 5 } = options;
  await prepareEngine(`tfjs-${backend}`);
  await tf.setBackend(backend);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`backend ${backend} unavailable (got ${tf.getBackend()})`);
  const q = tf.variable(tf.randomNormal([queries, dim], 0, 0.3, 'float32', 1));
  const d = tf.variable(tf.randomNormal([queries, dim], 0, 0.3, 'float32', 2));
  const relevance = tf.eye(queries);
  const optimizer = tf.train.sgd(0.01);
  const time = async (validate: boolean): Promise<number> => {
    await q.data(); // start from an idle pipeline
    const start = performance.now();
    for (let i = 0; i < steps; i++) optimizer.minimize(() => infoNce(q, d, relevance, { validate }));
    await q.data(); // wait for the last step's work
    return (performance.now() - start) / steps;
  };
  await time(true); // warm-up: shader compilation
  await time(false);
  const withChecks: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < rounds; r++) {
    withChecks.push(await time(true));
    without.push(await time(false));
  }
  tf.dispose([q, d, relevance]);
  optimizer.dispose();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const validateMs = median(withChecks);
  const noValidateMs = median(without);
  return { backend, validateMs, noValidateMs, ratio: validateMs / noValidateMs, steps, rounds };
}
