import type { ObjectiveName, Precision, QueryMode, StepEngine, StepEngineInit } from './contract.js';

/** Where an engine can run. */
export type EngineEnvironment = 'node' | 'browser';

/**
 * Runtime modules handed in as values, so no library imports a runtime by a bare name that a bundler
 * cannot resolve (and no import map or global registry is needed in a browser app).
 */
export interface EngineRuntimes {
  /**
   * The onnxruntime module object: `import * as ort from 'onnxruntime-node'` (Node) or
   * `'onnxruntime-web'` (browsers). In Node the `onnx` engine imports `onnxruntime-node` itself when
   * this is left out; in browsers it is required.
   */
  readonly ort?: unknown;
  /**
   * The `@tensorflow/tfjs-core` namespace in which the app registered its backends (by importing
   * `@tensorflow/tfjs-backend-webgl`, …). Checked to be the same tfjs engine the trainer uses: two copies
   * of tfjs-core in one bundle are refused with a clear error instead of a silent fallback.
   */
  readonly tfjs?: unknown;
  /**
   * The `@limit/webgpu` module object (`import * as limitWebgpu from '@limit/webgpu'`), for the `webgpu`
   * engine where a bundler cannot resolve the trainer's own dynamic import of it.
   */
  readonly webgpu?: unknown;
  /**
   * A WebGPU entry object for the `webgpu` engine: `navigator.gpu` in a browser, or `create([])` from the
   * `webgpu` npm package (Dawn) in Node. Default: `navigator.gpu`, else the `webgpu` package.
   */
  readonly gpu?: unknown;
}

/** Options every provider's `create` receives; a provider ignores what does not apply to it. */
export interface EngineCreateOptions {
  /** Runtime modules passed as values, see {@link EngineRuntimes}. */
  readonly runtimes?: EngineRuntimes;
  /** Worker threads for the step (onnxruntime intra-op threads, a native kernel's threads). Default: the runtime's choice. */
  readonly threads?: number;
  /** onnxruntime execution providers in order (default `['cpu']` in Node, `['wasm']` in browsers). */
  readonly executionProviders?: readonly string[];
}

/** Whether a provider can create engines here, and why not. */
export interface EngineAvailability {
  readonly available: boolean;
  /** Why it is unavailable (module missing, backend failed to initialise, other environment). */
  readonly reason?: string;
}

/**
 * An engine provider: everything the trainer needs to know about one engine. Ours live in
 * `src/engines/<id>/`; a user's own provider object goes through exactly the same path
 * (`trainFreeEmbeddings({ engine: myProvider })`).
 *
 * @example
 * ```ts
 * const js = getEngineProvider('js');
 * let steps = 0;
 * const counting: EngineProvider = {
 *   ...js,
 *   id: 'counting-js',
 *   async create(init, options) {
 *     const engine = await js.create(init, options);
 *     return { ...engine, name: 'counting-js', step: () => (steps++, engine.step()) };
 *   },
 * };
 * await trainFreeEmbeddings({ n: 6, d: 4, engine: counting });
 * ```
 */
export interface EngineProvider {
  /** Stable id, e.g. `js`, `onnx`, `tfjs-wasm`. */
  readonly id: string;
  /** Where it can run. */
  readonly environments: readonly EngineEnvironment[];
  /** The npm modules it needs (empty when none). */
  readonly modules: readonly string[];
  readonly description: string;
  /** Precisions it can train in (default `['float32']` when absent). */
  readonly precisions?: readonly Precision[];
  /** Objectives it implements (default `['infoNce']`, the paper's, when absent); see `Objective`. */
  readonly objectives?: readonly ObjectiveName[];
  /** Query modes it implements (default `['free']` when absent); see `QueryMode`. */
  readonly queryModes?: readonly QueryMode[];
  /** Loads what the engine needs and says whether it works here (cached by the provider). Absent: always available. */
  isAvailable?(options?: EngineCreateOptions): Promise<EngineAvailability>;
  /** Creates one engine from the initial state. */
  create(init: StepEngineInit, options?: EngineCreateOptions): Promise<StepEngine>;
  /**
   * The runtime's float32 GEMM rate in GFLOP/s (2·m·n·k flops per product over the measured time) with
   * the same threads, for reporting a step's share of the machine's peak (`limit bench-step`).
   */
  measurePeakGflops?(options?: EngineCreateOptions): Promise<number>;
}
