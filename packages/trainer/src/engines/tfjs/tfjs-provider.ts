import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '@limit/core';
import { currentEnvironment, firstLine } from '../environment.js';
import type { EngineAvailability, EngineCreateOptions, EngineEnvironment, EngineProvider } from '../provider.js';
import { activeBackendName, createTfjsEngine } from './tfjs-engine.js';

/** What distinguishes one tfjs engine provider from another. */
export interface TfjsProviderSpec {
  /** Provider id, e.g. `tfjs-wasm`. */
  readonly id: string;
  /** The tfjs backend name, e.g. `wasm`. */
  readonly backend: string;
  /** The npm package that registers the backend. */
  readonly module: string;
  readonly environments: readonly EngineEnvironment[];
  readonly description: string;
  /**
   * Imports the backend package when the app has not registered the backend yet. Dependencies of this
   * package (cpu, wasm) are literal imports, so bundlers include them; optional peers are left to the app
   * (import the package yourself, which registers the backend) and fail here with a clear reason.
   */
  readonly importModule?: () => Promise<unknown>;
}

/**
 * Builds the provider of one tfjs backend: availability = the backend is registered (or its package can
 * be imported) and initialises; `create` runs {@link createTfjsEngine} on that backend, which never leaves
 * the host's active backend changed. `runtimes.tfjs`, when given, must be the tfjs-core the trainer uses.
 *
 * @param spec - see {@link TfjsProviderSpec}.
 * @returns the provider.
 * @example
 * ```ts
 * const provider = createTfjsProvider({ id: 'tfjs-cpu', backend: 'cpu', module: '@tensorflow/tfjs-backend-cpu',
 *   environments: ['node', 'browser'], description: 'tfjs cpu', importModule: () => import('@tensorflow/tfjs-backend-cpu') });
 * ```
 */
export function createTfjsProvider(spec: TfjsProviderSpec): EngineProvider {
  let loaded: Promise<EngineAvailability> | undefined;
  const load = (options: EngineCreateOptions = {}): Promise<EngineAvailability> => {
    const foreign = checkTfjsRuntime(options);
    if (foreign !== undefined) return Promise.resolve(foreign);
    loaded ??= loadUncached();
    return loaded;
  };
  const loadUncached = async (): Promise<EngineAvailability> => {
    const env = currentEnvironment();
    if (!spec.environments.includes(env)) return { available: false, reason: `not supported in ${env}` };
    try {
      if (tf.findBackendFactory(spec.backend) === null) {
        if (spec.importModule === undefined) {
          return { available: false, reason: `the ${spec.backend} backend is not registered: import '${spec.module}' in your app first` };
        }
        await spec.importModule();
      }
      if (tf.findBackendFactory(spec.backend) === null) return { available: false, reason: `${spec.module} did not register "${spec.backend}"` };
      // Initialise it to be sure it works, then put the host's backend back.
      const host = activeBackendName();
      const ok = await tf.setBackend(spec.backend);
      const took = ok && tf.getBackend() === spec.backend;
      if (host !== null && tf.getBackend() !== host) await tf.setBackend(host);
      return took ? { available: true } : { available: false, reason: `tfjs could not initialise the ${spec.backend} backend` };
    } catch (error) {
      return { available: false, reason: firstLine(error) };
    }
  };
  return {
    id: spec.id,
    environments: spec.environments,
    modules: [spec.module],
    description: spec.description,
    precisions: ['float32'],
    isAvailable: load,
    async create(init, options) {
      const availability = await load(options);
      if (!availability.available) throw new BackendUnavailableError({ backend: spec.id, available: [], reason: availability.reason });
      return createTfjsEngine(init, { backend: spec.backend, name: spec.id });
    },
    async measurePeakGflops(options) {
      const availability = await load(options);
      if (!availability.available) throw new BackendUnavailableError({ backend: spec.id, available: [], reason: availability.reason });
      return measureTfjsGemm(spec.backend, 1024);
    },
  };
}

/** A tfjs-core instance passed as `runtimes.tfjs` must share the trainer's engine (one tfjs in the bundle). */
function checkTfjsRuntime(options: EngineCreateOptions): EngineAvailability | undefined {
  const given = options.runtimes?.tfjs as { engine?: () => unknown } | undefined;
  if (given === undefined) return undefined;
  if (typeof given?.engine !== 'function') return { available: false, reason: 'runtimes.tfjs is not the @tensorflow/tfjs-core module' };
  if (given.engine() !== tf.engine()) {
    return { available: false, reason: 'runtimes.tfjs is another copy of @tensorflow/tfjs-core than the trainer uses: dedupe it in your bundler' };
  }
  return undefined;
}

/** GFLOP/s of a size² float32 matMul on `backend`, best of 3, with the host's backend restored. */
async function measureTfjsGemm(backend: string, size: number): Promise<number> {
  const host = activeBackendName();
  await tf.setBackend(backend);
  try {
    const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
    const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
    try {
      const run = async () => {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
      };
      await run();
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        await run();
        best = Math.min(best, (performance.now() - t0) / 1000);
      }
      return (2 * size ** 3) / best / 1e9;
    } finally {
      a.dispose();
      b.dispose();
    }
  } finally {
    if (host !== null && host !== backend) await tf.setBackend(host);
  }
}
