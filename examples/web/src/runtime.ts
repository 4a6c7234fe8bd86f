// The app, not the libraries, chooses and registers the runtimes: tfjs backends and onnxruntime-web.
// Every binary is served by the app itself (see vite.config.ts), so the playground works offline.

/**
 * Backends offered in the UI: the four tfjs ones, the trainer's fused onnxruntime-web engine (`onnx`)
 * and its dependency-free float64 loop (`js`, nothing to load).
 */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu', 'onnx', 'js'] as const;
export type BrowserBackend = (typeof BACKENDS)[number];

/** Absolute URL of a file the app serves (resolved against the page, so any base path works). */
export function assetUrl(path: string): string {
  return new URL(path, document.baseURI).href;
}

const registered = new Map<BrowserBackend, Promise<void>>();

/**
 * Hands a bundled runtime module to the import-map shims (vite.config.ts), so a library's by-name
 * `import('onnxruntime-web')` at run time gets this very module (the trainer picks onnxruntime that
 * way; for tfjs it uses the backend the app registered, and the shims are only a fallback).
 */
function provideRuntimeModule(name: string, module: unknown): void {
  const g = globalThis as { __limitRuntimeModules?: Record<string, unknown> };
  g.__limitRuntimeModules ??= {};
  g.__limitRuntimeModules[name] = module;
}

/**
 * Loads what `backend` needs before the trainer selects it by name: imports (and so registers) the
 * tfjs backend package — for wasm also pointing it at the binaries this app serves — or, for `onnx`,
 * onnxruntime-web. Idempotent.
 */
export function prepareBackend(backend: BrowserBackend): Promise<void> {
  let pending = registered.get(backend);
  if (pending === undefined) {
    pending = (async () => {
      switch (backend) {
        case 'cpu':
          provideRuntimeModule('@tensorflow/tfjs-backend-cpu', await import('@tensorflow/tfjs-backend-cpu'));
          break;
        case 'webgl':
          provideRuntimeModule('@tensorflow/tfjs-backend-webgl', await import('@tensorflow/tfjs-backend-webgl'));
          break;
        case 'wasm': {
          const wasm = await import('@tensorflow/tfjs-backend-wasm');
          wasm.setWasmPaths(assetUrl('tfjs-wasm/'));
          provideRuntimeModule('@tensorflow/tfjs-backend-wasm', wasm);
          break;
        }
        case 'webgpu':
          provideRuntimeModule('@tensorflow/tfjs-backend-webgpu', await import('@tensorflow/tfjs-backend-webgpu'));
          break;
        case 'onnx':
          await loadOnnxRuntime();
          break;
        case 'js':
          break;
      }
    })();
    registered.set(backend, pending);
  }
  return pending;
}

/** What this browser offers: a WebGPU adapter, a WebGL2 context, WebAssembly. */
export interface DeviceSupport {
  webgpu: boolean;
  webgpuAdapter: string | null;
  webgl: boolean;
  webglRenderer: string | null;
  wasm: boolean;
  cpu: true;
  onnx: boolean;
  js: true;
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

/** Probes the devices once (WebGPU adapter, WebGL2 renderer, WebAssembly). */
export async function detectDevices(): Promise<DeviceSupport> {
  let webgpuAdapter: string | null = null;
  let webgpu = false;
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (gpu !== undefined) {
    try {
      const adapter = await gpu.requestAdapter();
      if (adapter !== null) {
        webgpu = true;
        const info = adapter.info;
        webgpuAdapter = [info?.vendor, info?.architecture, info?.description].filter((s) => s !== undefined && s !== '').join(' ') || 'adapter';
      }
    } catch {
      webgpu = false;
    }
  }
  let webgl = false;
  let webglRenderer: string | null = null;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl !== null) {
      webgl = true;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      webglRenderer = String(gl.getParameter(ext !== null ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    }
  } catch {
    webgl = false;
  }
  return { webgpu, webgpuAdapter, webgl, webglRenderer, wasm: typeof WebAssembly === 'object', cpu: true, onnx: typeof WebAssembly === 'object', js: true };
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
    provideRuntimeModule('onnxruntime-web', ort);
    return ort;
  });
  return ortModule;
}
