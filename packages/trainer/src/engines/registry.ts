import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';
import type { ObjectiveName, Precision, QueryMode, StepEngine, StepEngineInit } from './contract.js';
import { currentEnvironment } from './environment.js';
import { jsProvider } from './js/index.js';
import { nativeProvider } from './native/index.js';
import { onnxProvider } from './onnx/index.js';
import type { EngineCreateOptions, EngineEnvironment, EngineProvider } from './provider.js';
import { tfjsCpuProvider } from './tfjs-cpu/index.js';
import { tfjsNodeProvider } from './tfjs-node/index.js';
import { tfjsWasmProvider } from './tfjs-wasm/index.js';
import { tfjsWebglProvider } from './tfjs-webgl/index.js';
import { tfjsWebgpuProvider } from './tfjs-webgpu/index.js';
import { webgpuProvider } from './webgpu/index.js';

/** Every provider this package ships, by id. */
const SHIPPED: readonly EngineProvider[] = [jsProvider, nativeProvider, onnxProvider, tfjsCpuProvider, tfjsWasmProvider, tfjsWebglProvider, tfjsWebgpuProvider, tfjsNodeProvider, webgpuProvider];

/**
 * Providers registered by the program (its own engines), by id, in registration order. Kept on `globalThis` under a
 * `Symbol.for` key so that every copy of this package in the process — its ESM and CommonJS builds, or two installs —
 * sees one registry: a module that registers through `require('@limit/trainer')` is found by a worker that imports it.
 */
const registered: Map<string, EngineProvider> = ((globalThis as Record<symbol, unknown>)[Symbol.for('limit.trainer.engineProviders')] ??= new Map<
  string,
  EngineProvider
>()) as Map<string, EngineProvider>;

/**
 * Registers an engine provider of your own, so that everything that looks engines up by id finds it: `engine: 'mine'`
 * in `trainFreeEmbeddings`, the critical-n experiment, and its local and BullMQ workers (which import the modules
 * named in `engineModules` — modules that call this — before they train). Registering the same object again is a
 * no-op; another provider under a registered id replaces it.
 *
 * @param provider - the provider (an id that is not one of the shipped engines', and `create`).
 * @throws InvalidArgumentError naming `provider` when it has no id or `create`, or `provider.id` when the id is a
 *   shipped engine's (they cannot be replaced: wrap one under a new id instead).
 * @example
 * ```ts
 * // my-engine.mjs, passed to `limit critical-n --engine my-js --engine-module ./my-engine.mjs --workers 2`
 * import { getEngineProvider, registerEngineProvider } from '@limit/trainer';
 * const js = getEngineProvider('js');
 * registerEngineProvider({ ...js, id: 'my-js', description: 'the js engine under my name' });
 * ```
 */
export function registerEngineProvider(provider: EngineProvider): void {
  assertProvider(provider, 'provider');
  if (SHIPPED.some((p) => p.id === provider.id)) {
    throw new InvalidArgumentError({ parameter: 'provider.id', value: provider.id, message: `${provider.id} is a shipped engine and cannot be replaced; register your provider under an id of its own` });
  }
  registered.set(provider.id, provider);
}

/**
 * Removes a provider registered with {@link registerEngineProvider} (for tests and plug-in reloads).
 *
 * @param id - its id.
 * @returns whether one was registered under that id.
 * @example
 * ```ts
 * unregisterEngineProvider('my-js');
 * ```
 */
export function unregisterEngineProvider(id: string): boolean {
  return registered.delete(id);
}

/**
 * Whether `id` names an engine this package ships (found by id in any worker, with no module to import).
 * @internal
 */
export function isShippedEngine(id: string): boolean {
  return SHIPPED.some((p) => p.id === id);
}

/** Shipped then registered providers. */
const allProviders = (): EngineProvider[] => [...SHIPPED, ...registered.values()];

/**
 * `'auto'` runs the plain-JS engine when q·n·d (the multiply-adds of one logits pass) is at most this: below
 * it, a tensor runtime's per-call overhead costs more than the arithmetic. Crossover measured with
 * `limit bench-step --engine all` on the 2-core machine (README): js 4× onnx at n = 12, d = 4 (q·n·d = 3,168),
 * on par at n = 20, d = 6 (22,800), 3–10× slower at n = 30, d = 8 (104,400).
 */
export const AUTO_JS_MAX_WORK = 20_000;

/** One entry of the `'auto'` order: an engine, optionally only up to some work q·n·d. */
export interface AutoEngineEntry {
  readonly engine: string;
  /** Only for problems with q·n·d at most this. */
  readonly maxWork?: number;
}

/**
 * The `'auto'` preference order per environment, fastest first: the first entry that applies (work,
 * precision) and is available wins. Data, not code: a new engine is one more entry.
 */
export const AUTO_ENGINE_ORDER: Readonly<Record<EngineEnvironment, readonly AutoEngineEntry[]>> = Object.freeze({
  node: [{ engine: 'native' }, { engine: 'js', maxWork: AUTO_JS_MAX_WORK }, { engine: 'onnx' }, { engine: 'tfjs-node' }, { engine: 'tfjs-wasm' }, { engine: 'js' }, { engine: 'tfjs-cpu' }],
  browser: [
    { engine: 'js', maxWork: AUTO_JS_MAX_WORK },
    { engine: 'tfjs-webgpu' },
    { engine: 'tfjs-webgl' },
    { engine: 'onnx' },
    { engine: 'tfjs-wasm' },
    { engine: 'js' },
    { engine: 'tfjs-cpu' },
  ],
});

/** A device the trainer can be asked to run on. */
export type EngineDevice = 'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'cuda';

/** One way to run on a device: an engine, the engine options it needs there, and where it applies. */
export interface DeviceEngineEntry {
  readonly engine: string;
  readonly executionProviders?: readonly string[];
  /** Environments where this entry applies (default: the provider's). */
  readonly environments?: readonly EngineEnvironment[];
}

/**
 * Device → engines, in preference order (as transformers.js maps a device to an execution provider).
 * `cuda` is onnxruntime's CUDA execution provider: where it is not installed, asking for it is a
 * BackendUnavailableError, never a silent CPU run.
 */
export const DEVICE_ENGINES: Readonly<Record<EngineDevice, readonly DeviceEngineEntry[]>> = Object.freeze({
  cpu: [{ engine: 'native' }, { engine: 'onnx', executionProviders: ['cpu'], environments: ['node'] }, { engine: 'js' }, { engine: 'tfjs-cpu' }],
  wasm: [{ engine: 'onnx', executionProviders: ['wasm'], environments: ['browser'] }, { engine: 'tfjs-wasm' }],
  webgl: [{ engine: 'tfjs-webgl' }, { engine: 'onnx', executionProviders: ['webgl'], environments: ['browser'] }],
  webgpu: [{ engine: 'webgpu' }, { engine: 'tfjs-webgpu' }, { engine: 'onnx', executionProviders: ['webgpu'], environments: ['browser'] }],
  cuda: [{ engine: 'onnx', executionProviders: ['cuda'], environments: ['node'] }],
});

/** A device and the engines that run on it in one environment, in preference order (see {@link listEngineDevices}). */
export interface EngineDeviceListing {
  readonly device: EngineDevice;
  readonly engines: readonly DeviceEngineEntry[];
}

/**
 * The devices with at least one engine in an environment, and those engines in preference order: the rows of
 * {@link DEVICE_ENGINES} that apply there (an entry's `environments`, else its provider's). What apps list for
 * `--device` (in Node: cpu, wasm, webgpu, cuda).
 *
 * @param environment - `'node'` or `'browser'`; default the current one.
 * @returns the devices, in the table's order.
 * @example
 * ```ts
 * listEngineDevices('node').map((d) => d.device); // ['cpu', 'wasm', 'webgpu', 'cuda']
 * ```
 */
export function listEngineDevices(environment: EngineEnvironment = currentEnvironment()): readonly EngineDeviceListing[] {
  const out: EngineDeviceListing[] = [];
  for (const device of Object.keys(DEVICE_ENGINES) as EngineDevice[]) {
    const engines = DEVICE_ENGINES[device].filter((e) => {
      const provider = allProviders().find((p) => p.id === e.engine);
      return (e.environments ?? provider?.environments ?? []).includes(environment);
    });
    if (engines.length > 0) out.push({ device, engines });
  }
  return out;
}

/**
 * Every engine provider this package ships, then those registered with {@link registerEngineProvider}, whether
 * or not they can run here.
 *
 * @returns the providers (`js`, `native`, `onnx`, `tfjs-cpu`, `tfjs-wasm`, `tfjs-webgl`, `tfjs-webgpu`, `tfjs-node`, `webgpu`, yours).
 * @example
 * ```ts
 * listEngineProviders().map((p) => p.id);
 * ```
 */
export function listEngineProviders(): readonly EngineProvider[] {
  return allProviders();
}

/**
 * The provider with this id.
 *
 * @param id - a provider id such as `js`, `onnx` or `tfjs-wasm`.
 * @returns the provider object (use it as is, or spread it into your own).
 * @throws BackendUnavailableError naming the id and listing the known ones when there is none.
 * @example
 * ```ts
 * const js = getEngineProvider('js');
 * ```
 */
export function getEngineProvider(id: string): EngineProvider {
  const providers = allProviders();
  const provider = providers.find((p) => p.id === id);
  if (provider === undefined) {
    const hint = providers.find((p) => p.id === `tfjs-${id}` || (id === 'tensorflow' && p.id === 'tfjs-node'));
    throw new BackendUnavailableError({
      backend: String(id),
      available: providers.map((p) => p.id),
      reason: `unknown engine${hint ? `; did you mean ${hint.id}?` : ''}`,
    });
  }
  return provider;
}

/**
 * The shipped providers that load and work in this runtime, in `'auto'` order (each listed once).
 *
 * @param options - runtimes passed as values (e.g. `{ runtimes: { ort } }` in a browser).
 * @example
 * ```ts
 * (await availableEngineProviders()).map((p) => p.id); // in Node: ['js', 'onnx', 'tfjs-wasm', 'tfjs-cpu']
 * ```
 */
export async function availableEngineProviders(options: EngineCreateOptions = {}): Promise<EngineProvider[]> {
  const env = currentEnvironment();
  const ids = [...new Set([...AUTO_ENGINE_ORDER[env].map((e) => e.engine), ...allProviders().map((p) => p.id)])];
  const out: EngineProvider[] = [];
  // Sequential: tfjs backends initialise one by one through the global tf engine.
  for (const id of ids) {
    const provider = getEngineProvider(id);
    if (provider.environments.includes(env) && (await isAvailable(provider, options))) out.push(provider);
  }
  return out;
}

async function isAvailable(provider: EngineProvider, options: EngineCreateOptions): Promise<boolean> {
  return provider.isAvailable === undefined ? true : (await provider.isAvailable(options)).available;
}

/** What {@link resolveEngine} chose: a provider and the options to create its engine with. */
export interface ResolvedEngine {
  readonly provider: EngineProvider;
  readonly options: EngineCreateOptions;
}

/** Options of {@link resolveEngine}. */
export interface ResolveEngineOptions extends EngineCreateOptions {
  /** Restrict `'auto'` to the engines of this device (see {@link DEVICE_ENGINES}). */
  readonly device?: EngineDevice;
  /** Precision the engine must support (default `'float32'`). */
  readonly precision?: Precision;
  /** q·n·d of the problem, for `'auto'` entries with `maxWork` (default: unknown, those entries are skipped). */
  readonly work?: number;
  /** Objective the engine must implement (default `'infoNce'`): see the provider's `objectives`. */
  readonly objective?: ObjectiveName;
  /** Query mode the engine must implement (default `'free'`): see the provider's `queryModes`. */
  readonly queryMode?: QueryMode;
}

/**
 * Resolves an engine request to a provider, once: an id, a provider object (used as given), or
 * `'auto'` — the first entry of {@link AUTO_ENGINE_ORDER} (or of `DEVICE_ENGINES[device]`) that fits the
 * work and precision and is available here.
 *
 * @param engine - provider id, provider object or `'auto'`.
 * @param options - device, precision, work and the create options (runtimes, threads, execution providers).
 * @returns the provider and the create options to use.
 * @throws BackendUnavailableError for an unknown id, an unavailable engine (with the reason), or when no
 *   engine fits; InvalidArgumentError for a provider that cannot train in the requested precision, an
 *   unknown device, or an engine id that does not run on the requested device.
 * @example
 * ```ts
 * const { provider, options } = await resolveEngine('auto', { precision: 'float32', work: 45 * 10 * 4 });
 * const engine = await provider.create(init, options);
 * ```
 */
export async function resolveEngine(engine: string | EngineProvider, options: ResolveEngineOptions = {}): Promise<ResolvedEngine> {
  const { device, precision = 'float32', work, objective = 'infoNce', queryMode = 'free', ...createOptions } = options;
  const env = currentEnvironment();
  if (typeof engine === 'object' && engine !== null) {
    assertProvider(engine);
    assertPrecision(engine, precision);
    assertImplements(engine, objective, queryMode);
    return { provider: engine, options: createOptions };
  }
  if (typeof engine !== 'string') {
    throw new InvalidArgumentError({ parameter: 'engine', value: engine, message: 'engine must be an engine id, an EngineProvider or "auto"' });
  }
  if (device !== undefined && !Object.prototype.hasOwnProperty.call(DEVICE_ENGINES, device)) {
    throw new InvalidArgumentError({ parameter: 'device', value: device, message: `device must be one of ${Object.keys(DEVICE_ENGINES).join(', ')}` });
  }
  if (engine !== 'auto') {
    const provider = getEngineProvider(engine);
    assertPrecision(provider, precision);
    assertImplements(provider, objective, queryMode);
    const entry = device === undefined ? undefined : DEVICE_ENGINES[device].find((e) => e.engine === engine && (e.environments === undefined || e.environments.includes(env)));
    if (device !== undefined && entry === undefined) {
      const here = DEVICE_ENGINES[device].filter((e) => e.environments === undefined || e.environments.includes(env)).map((e) => e.engine);
      throw new InvalidArgumentError({
        parameter: 'device',
        value: device,
        message: `engine ${engine} does not run on device ${device}${here.length > 0 ? `; the ${device} engines here: ${here.join(', ')}` : ` (no engine runs on ${device} in ${env})`}`,
      });
    }
    const resolved = { ...createOptions, ...(entry?.executionProviders && !createOptions.executionProviders ? { executionProviders: entry.executionProviders } : {}) };
    await assertAvailable(provider, resolved, env);
    return { provider, options: resolved };
  }
  const candidates: { engine: string; options: EngineCreateOptions }[] = device === undefined
    ? AUTO_ENGINE_ORDER[env].filter((e) => e.maxWork === undefined || (work !== undefined && work <= e.maxWork)).map((e) => ({ engine: e.engine, options: createOptions }))
    : DEVICE_ENGINES[device]
        .filter((e) => e.environments === undefined || e.environments.includes(env))
        .map((e) => ({ engine: e.engine, options: { ...createOptions, ...(e.executionProviders ? { executionProviders: e.executionProviders } : {}) } }));
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const provider = getEngineProvider(candidate.engine);
    if (!provider.environments.includes(env) || !(provider.precisions ?? ['float32']).includes(precision)) continue;
    if (!implementsObjective(provider, objective) || !implementsQueryMode(provider, queryMode)) continue;
    const availability = provider.isAvailable === undefined ? { available: true } : await provider.isAvailable(candidate.options);
    if (availability.available) {
      // A device's execution provider is checked by creating the engine; auto tries it first.
      return { provider, options: candidate.options };
    }
    reasons.push(`${provider.id}: ${availability.reason ?? 'unavailable'}`);
  }
  throw new BackendUnavailableError({
    backend: device === undefined ? 'auto' : `auto (device ${device})`,
    available: (await availableEngineProviders(createOptions)).map((p) => p.id),
    reason: `no engine for ${precision}${objective !== 'infoNce' ? `, objective ${objective}` : ''}${queryMode !== 'free' ? `, ${queryMode} queries` : ''}${device ? ` on ${device}` : ''} could load${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`,
  });
}

async function assertAvailable(provider: EngineProvider, options: EngineCreateOptions, env: EngineEnvironment): Promise<void> {
  if (!provider.environments.includes(env)) {
    throw new BackendUnavailableError({ backend: provider.id, available: (await availableEngineProviders(options)).map((p) => p.id), reason: `not supported in ${env}` });
  }
  if (provider.isAvailable === undefined) return;
  const availability = await provider.isAvailable(options);
  if (!availability.available) {
    throw new BackendUnavailableError({ backend: provider.id, available: (await availableEngineProviders(options)).map((p) => p.id), reason: availability.reason });
  }
}

function assertPrecision(provider: EngineProvider, precision: Precision): void {
  const supported = provider.precisions ?? ['float32'];
  if (!supported.includes(precision)) {
    throw new InvalidArgumentError({
      parameter: 'precision',
      value: precision,
      message: `engine ${provider.id} trains in ${supported.join(' or ')}, not ${precision}${precision === 'float64' ? ' (the js engine supports float64)' : ''}`,
    });
  }
}

const implementsObjective = (provider: EngineProvider, objective: ObjectiveName) => (provider.objectives ?? ['infoNce']).includes(objective);
const implementsQueryMode = (provider: EngineProvider, queryMode: QueryMode) => (provider.queryModes ?? ['free']).includes(queryMode);

/** An engine asked for by id must implement the objective and query mode: refused before anything trains. */
function assertImplements(provider: EngineProvider, objective: ObjectiveName, queryMode: QueryMode): void {
  const able = (names: readonly string[]) => allProviders().filter((p) => names.every((n) => ([...(p.objectives ?? ['infoNce']), ...(p.queryModes ?? ['free'])] as string[]).includes(n))).map((p) => p.id);
  if (!implementsObjective(provider, objective)) {
    throw new InvalidArgumentError({
      parameter: 'objective',
      value: objective,
      message: `engine ${provider.id} implements the objective${(provider.objectives ?? ['infoNce']).length > 1 ? 's' : ''} ${(provider.objectives ?? ['infoNce']).join(', ')}, not ${objective}; engines that do: ${able([objective]).join(', ') || 'none'}`,
    });
  }
  if (!implementsQueryMode(provider, queryMode)) {
    throw new InvalidArgumentError({
      parameter: 'queryMode',
      value: queryMode,
      message: `engine ${provider.id} implements ${(provider.queryModes ?? ['free']).join(', ')} queries, not ${queryMode}; engines that do: ${able([queryMode]).join(', ') || 'none'}`,
    });
  }
}

function assertProvider(provider: EngineProvider, parameter = 'engine'): void {
  if (provider === null || typeof provider !== 'object' || typeof provider.id !== 'string' || provider.id === '' || typeof provider.create !== 'function') {
    throw new InvalidArgumentError({ parameter, value: provider, message: 'an engine provider needs an id (a non-empty string) and create(init, options)' });
  }
}

/**
 * Creates a step engine in one call: {@link resolveEngine} then `provider.create`.
 *
 * @param engine - provider id, provider object or `'auto'` (for auto, q·n·d is taken from `init`).
 * @param init - initial embeddings (drawn on the CPU), qrels, optimiser settings, precision.
 * @param options - device and create options (runtimes, threads, execution providers).
 * @returns the engine; dispose it when done.
 * @throws see {@link resolveEngine}; and whatever the provider's `create` throws for a bad init.
 * @example
 * ```ts
 * const engine = await createStepEngine('tfjs-wasm', init);
 * ```
 */
export async function createStepEngine(
  engine: string | EngineProvider,
  init: StepEngineInit,
  options: Omit<ResolveEngineOptions, 'precision' | 'work'> = {},
): Promise<StepEngine> {
  const work = init.queries.rows * init.documents.rows * init.queries.cols;
  const resolved = await resolveEngine(engine, { ...options, precision: init.precision ?? 'float32', work });
  return resolved.provider.create(init, resolved.options);
}
