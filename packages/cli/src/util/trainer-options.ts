import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';
import type { Precision } from '@limit/trainer';

/** Silences tfjs' one-time "install tfjs-node" banner: the CLI picks its backends deliberately. */
export function quietTfjs(): void {
  tf.env().set('PROD', true);
}

/** Engine ids the CLI's `--backend` used to take → the trainer's engine provider ids. */
const LEGACY_BACKENDS: Readonly<Record<string, string>> = { cpu: 'tfjs-cpu', wasm: 'tfjs-wasm', webgl: 'tfjs-webgl', tensorflow: 'tfjs-node' };

/**
 * The engine a command runs on, from `--engine` (a provider id: js, onnx, tfjs-wasm, …, or auto) or the
 * older `--backend` (whose cpu/wasm/webgl/tensorflow name the tfjs engines; `webgpu` is the fused WGSL engine
 * under either flag).
 */
export function engineFromFlags(opts: { engine?: string; backend?: string }): string {
  if (opts.engine !== undefined) return opts.engine.trim();
  const name = (opts.backend ?? 'auto').trim();
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

/**
 * Runtime modules an engine needs that the trainer cannot import from its own location: for `webgpu`, the
 * `@limit/webgpu` package (an optional dependency of this CLI; in Node it also needs the `webgpu` package,
 * Dawn's bindings, and a Vulkan/Metal/D3D12 driver), also when `--device webgpu` picks it. Other engines load
 * their runtimes themselves.
 */
export async function runtimesForEngine(engine: string, device?: string): Promise<{ webgpu?: unknown } | undefined> {
  if (engine !== 'webgpu' && !(engine === 'auto' && device === 'webgpu')) return undefined;
  const specifier = '@limit/webgpu';
  try {
    return { webgpu: await import(specifier) };
  } catch (error) {
    throw new BackendUnavailableError({
      backend: 'webgpu',
      available: [],
      reason: `cannot import ${specifier} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); install it with: npm install @limit/webgpu webgpu`,
    });
  }
}
