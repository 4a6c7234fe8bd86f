import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@limit/core';
import type { Precision } from '@limit/trainer';

/** Silences tfjs' one-time "install tfjs-node" banner: the CLI picks its backends deliberately. */
export function quietTfjs(): void {
  tf.env().set('PROD', true);
}

/** Engine ids the CLI's `--backend` used to take → the trainer's engine provider ids. */
const LEGACY_BACKENDS: Readonly<Record<string, string>> = { cpu: 'tfjs-cpu', wasm: 'tfjs-wasm', webgl: 'tfjs-webgl', webgpu: 'tfjs-webgpu', tensorflow: 'tfjs-node' };

/**
 * The engine a command runs on, from `--engine` (a provider id: js, onnx, tfjs-wasm, …, or auto) or the
 * older `--backend` (whose cpu/wasm/tensorflow name the tfjs engines).
 */
export function engineFromFlags(opts: { engine?: string; backend?: string }): string {
  const name = (opts.engine ?? opts.backend ?? 'auto').trim();
  return LEGACY_BACKENDS[name] ?? name;
}

/** `--precision float32|float64`. */
export function precisionFromFlag(text: string | undefined): Precision {
  const value = text ?? 'float32';
  if (value !== 'float32' && value !== 'float64') {
    throw new InvalidArgumentError({ parameter: '--precision', value, message: `--precision must be float32 or float64, got "${value}"` });
  }
  return value;
}
