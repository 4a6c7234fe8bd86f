// The app, not the libraries, chooses and loads the runtimes (tfjs backends, onnxruntime-web, @limit/webgpu)
// and hands them to the trainer as values (`runtimes: { ort, tfjs, webgpu }`): no import map, no global
// registry. Which engines exist on which device, and the order `'auto'` tries them in, are the trainer's
// tables (DEVICE_ENGINES, AUTO_ENGINE_ORDER); what this browser offers comes from @limit/core's probes.
// Every binary is served by the app itself (see vite.config.ts), so the playground works offline.
import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, hasWebAssembly, probeWebGl2, probeWebGpu } from '@limit/core';
import { AUTO_ENGINE_ORDER, DEVICE_ENGINES, getEngineProvider, resolveEngine, type EngineDevice, type EngineRuntimes } from '@limit/trainer';

/** What this browser offers (from @limit/core's probes). */
export interface DeviceSupport {
  readonly webgpu: boolean;
  readonly webgpuAdapter: string | null;
  readonly webgl: boolean;
  readonly webglRenderer: string | null;
  readonly wasm: boolean;
}

/** Probes the devices once: a WebGPU adapter, a WebGL2 context, WebAssembly. */
export async function detectDevices(): Promise<DeviceSupport> {
  const [webgpu, webgl] = [await probeWebGpu(), probeWebGl2()];
  return { webgpu: webgpu.available, webgpuAdapter: webgpu.adapter ?? null, webgl: webgl.available, webglRenderer: webgl.renderer ?? null, wasm: hasWebAssembly() };
}

/** One entry of the engine menu: `auto`, or an engine on a device (a row of the trainer's DEVICE_ENGINES). */
export interface EngineChoice {
  /** `auto`, or `<device>/<engine>` (e.g. `webgpu/webgpu`, `wasm/onnx`). */
  readonly value: string;
  readonly device?: EngineDevice;
  /** Provider id, or `auto`. */
  readonly engine: string;
  /** onnxruntime execution providers the device's entry asks for (onnx only). */
  readonly executionProviders?: readonly string[];
  readonly label: string;
  /** Why it cannot run here (no such device, or a runtime this app does not bundle); absent when it can. */
  readonly unavailable?: string;
}

/** The default of every engine menu: the trainer's `'auto'` order, which picks the plain-JS engine for small problems. */
export const DEFAULT_ENGINE = 'auto';

/** onnxruntime-web's execution providers this app bundles (it imports `onnxruntime-web/wasm`). */
const BUNDLED_ORT_PROVIDERS = ['wasm'];

function deviceAvailable(device: EngineDevice, devices: DeviceSupport): string | undefined {
  switch (device) {
    case 'cpu':
      return undefined;
    case 'wasm':
      return devices.wasm ? undefined : 'no WebAssembly';
    case 'webgl':
      return devices.webgl ? undefined : 'no WebGL2 context';
    case 'webgpu':
      return devices.webgpu ? undefined : 'no WebGPU adapter';
    default:
      return `not a browser device`;
  }
}

/**
 * The engine menu: `auto` first, then every browser row of DEVICE_ENGINES, device by device, each marked
 * unavailable (with the reason) where the probes found no such device or the app lacks its runtime.
 */
export function engineChoices(devices: DeviceSupport): EngineChoice[] {
  const order = AUTO_ENGINE_ORDER.browser.map((e) => e.engine);
  const choices: EngineChoice[] = [
    { value: DEFAULT_ENGINE, engine: 'auto', label: `auto (the trainer's order: ${[...new Set(order)].join(', ')})` },
  ];
  for (const [device, entries] of Object.entries(DEVICE_ENGINES) as [EngineDevice, (typeof DEVICE_ENGINES)[EngineDevice]][]) {
    for (const entry of entries) {
      const provider = getEngineProvider(entry.engine);
      const environments = entry.environments ?? provider.environments;
      if (!environments.includes('browser') || !provider.environments.includes('browser')) continue;
      const eps = entry.executionProviders;
      const missingEp = eps?.find((ep) => !BUNDLED_ORT_PROVIDERS.includes(ep));
      const unavailable = deviceAvailable(device, devices) ?? (missingEp ? `this app bundles onnxruntime-web's ${BUNDLED_ORT_PROVIDERS.join('/')} build only` : undefined);
      choices.push({
        value: `${device}/${entry.engine}`,
        device,
        engine: entry.engine,
        ...(eps ? { executionProviders: eps } : {}),
        label: `${device}: ${entry.engine}${eps ? ` (${eps.join(', ')})` : ''}${entry.engine === 'webgpu' ? ' — fused WGSL kernels' : ''}`,
        ...(unavailable ? { unavailable } : {}),
      });
    }
  }
  return choices;
}

/** Fills a `<select>` with the engine menu (optgroups by device; unavailable entries disabled, with the reason). */
export function fillEngineSelect(select: HTMLSelectElement, devices: DeviceSupport, selected = DEFAULT_ENGINE): void {
  const choices = engineChoices(devices);
  select.replaceChildren();
  const groups = new Map<string, HTMLOptGroupElement | HTMLSelectElement>();
  for (const choice of choices) {
    let parent: HTMLOptGroupElement | HTMLSelectElement = select;
    if (choice.device !== undefined) {
      parent = groups.get(choice.device) ?? document.createElement('optgroup');
      if (!groups.has(choice.device)) {
        (parent as HTMLOptGroupElement).label = choice.device;
        groups.set(choice.device, parent);
        select.append(parent);
      }
    }
    const option = document.createElement('option');
    option.value = choice.value;
    option.textContent = choice.unavailable ? `${choice.label} — unavailable: ${choice.unavailable}` : choice.label;
    option.disabled = choice.unavailable !== undefined;
    option.selected = choice.value === selected;
    parent.append(option);
  }
}

/** Absolute URL of a file the app serves (resolved against the page, so any base path works). */
export function assetUrl(path: string): string {
  return new URL(path, document.baseURI).href;
}

const loaded = new Map<string, Promise<EngineRuntimes>>();

/**
 * Loads what one engine needs and returns the runtimes to pass to the trainer: imports (and so registers)
 * a tfjs backend — for wasm also pointing it at the binaries this app serves —, onnxruntime-web for `onnx`,
 * `@limit/webgpu` for the fused `webgpu` engine; nothing for `js`. Idempotent.
 */
export function prepareEngine(engine: string): Promise<EngineRuntimes> {
  let pending = loaded.get(engine);
  if (pending === undefined) {
    pending = (async (): Promise<EngineRuntimes> => {
      switch (engine) {
        case 'tfjs-cpu':
          await import('@tensorflow/tfjs-backend-cpu');
          return { tfjs: tf };
        case 'tfjs-webgl':
          await import('@tensorflow/tfjs-backend-webgl');
          return { tfjs: tf };
        case 'tfjs-wasm': {
          const wasm = await import('@tensorflow/tfjs-backend-wasm');
          wasm.setWasmPaths(assetUrl('tfjs-wasm/'));
          return { tfjs: tf };
        }
        case 'tfjs-webgpu':
          await import('@tensorflow/tfjs-backend-webgpu');
          return { tfjs: tf };
        case 'onnx':
          return { ort: await loadOnnxRuntime() };
        case 'webgpu':
          return { webgpu: await import('@limit/webgpu') };
        default:
          return {};
      }
    })();
    loaded.set(engine, pending);
  }
  return pending;
}

/** What to hand the trainer for a menu choice: the engine id, its device (for execution providers) and runtimes. */
export interface ResolvedChoice {
  readonly engine: string;
  readonly device?: EngineDevice;
  readonly runtimes: EngineRuntimes;
  /** How the choice was made, e.g. `auto → js` or `webgpu: webgpu`. */
  readonly description: string;
}

/**
 * Resolves a menu choice. `auto` walks the trainer's AUTO_ENGINE_ORDER for browsers at this problem's work
 * q·n·d (the same rule as `resolveEngine('auto')`), skipping engines whose device the probes did not find,
 * loading each candidate's runtime before asking whether it is available; a device's engine is loaded and
 * checked as it is. Nothing falls back silently: an engine that cannot run is a BackendUnavailableError.
 */
export async function resolveChoice(value: string, devices: DeviceSupport, work: number): Promise<ResolvedChoice> {
  const choices = engineChoices(devices);
  if (value === DEFAULT_ENGINE) {
    const reasons: string[] = [];
    for (const entry of AUTO_ENGINE_ORDER.browser) {
      if (entry.maxWork !== undefined && work > entry.maxWork) continue;
      // the device of an engine: its first browser row in DEVICE_ENGINES
      const row = choices.find((c) => c.engine === entry.engine && c.device !== undefined && (c.executionProviders === undefined || c.executionProviders.every((ep) => BUNDLED_ORT_PROVIDERS.includes(ep))));
      if (row?.unavailable !== undefined || row === undefined) {
        reasons.push(`${entry.engine}: ${row?.unavailable ?? 'no browser device'}`);
        continue;
      }
      const runtimes = await prepareEngine(entry.engine);
      const provider = getEngineProvider(entry.engine);
      const availability = provider.isAvailable === undefined ? { available: true } : await provider.isAvailable({ runtimes });
      if (availability.available) return { engine: entry.engine, runtimes, description: `auto → ${entry.engine}` };
      reasons.push(`${entry.engine}: ${availability.reason ?? 'unavailable'}`);
    }
    throw new BackendUnavailableError({ backend: 'auto', available: [], reason: `no engine could load (${reasons.join('; ')})` });
  }
  const choice = choices.find((c) => c.value === value);
  if (choice === undefined || choice.device === undefined) throw new BackendUnavailableError({ backend: value, available: choices.map((c) => c.value), reason: 'not an engine of this app' });
  if (choice.unavailable !== undefined) throw new BackendUnavailableError({ backend: value, available: [], reason: choice.unavailable });
  const runtimes = await prepareEngine(choice.engine);
  // checks availability (and applies the device's execution providers) exactly as training will
  await resolveEngine(choice.engine, { device: choice.device, runtimes });
  return { engine: choice.engine, device: choice.device, runtimes, description: `${choice.device}: ${choice.engine}` };
}

let ortModule: Promise<typeof import('onnxruntime-web/wasm')> | undefined;

/**
 * Loads onnxruntime-web (WASM execution provider), single-threaded so it needs no cross-origin
 * isolation. Its wasm binary is referenced from the bundle with `new URL(…, import.meta.url)`, so
 * Vite emits it with the app and it is fetched from this origin (no CDN).
 */
export function loadOnnxRuntime(): Promise<typeof import('onnxruntime-web/wasm')> {
  ortModule ??= import('onnxruntime-web/wasm').then((ort) => {
    ort.env.wasm.numThreads = 1;
    return ort;
  });
  return ortModule;
}
