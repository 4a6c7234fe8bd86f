// The app, not the libraries, chooses and loads the runtimes (tfjs backends, onnxruntime-web) and hands
// them to the trainer as values (`runtimes: { ort, tfjs }`): no import map, no global registry.
// Every binary is served by the app itself (see vite.config.ts), so the playground works offline.
import * as tf from '@tensorflow/tfjs-core';
import type { EngineRuntimes } from '@limit/trainer';

/**
 * Backends offered in the UI: the four tfjs ones, the trainer's fused onnxruntime-web engine (`onnx`)
 * and its dependency-free loop (`js`, nothing to load).
 */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu', 'onnx', 'js'] as const;
export type BrowserBackend = (typeof BACKENDS)[number];

/** The trainer's engine provider id for a UI backend. */
export function engineId(backend: BrowserBackend): string {
  return backend === 'onnx' || backend === 'js' ? backend : `tfjs-${backend}`;
}

/** Absolute URL of a file the app serves (resolved against the page, so any base path works). */
export function assetUrl(path: string): string {
  return new URL(path, document.baseURI).href;
}

const registered = new Map<BrowserBackend, Promise<EngineRuntimes>>();

/**
 * Loads what `backend` needs and returns the runtimes to pass to the trainer: imports (and so registers)
 * the tfjs backend package — for wasm also pointing it at the binaries this app serves — or, for `onnx`,
 * onnxruntime-web. Idempotent.
 */
export function prepareBackend(backend: BrowserBackend): Promise<EngineRuntimes> {
  let pending = registered.get(backend);
  if (pending === undefined) {
    pending = (async (): Promise<EngineRuntimes> => {
      switch (backend) {
        case 'cpu':
          await import('@tensorflow/tfjs-backend-cpu');
          return { tfjs: tf };
        case 'webgl':
          await import('@tensorflow/tfjs-backend-webgl');
          return { tfjs: tf };
        case 'wasm': {
          const wasm = await import('@tensorflow/tfjs-backend-wasm');
          wasm.setWasmPaths(assetUrl('tfjs-wasm/'));
          return { tfjs: tf };
        }
        case 'webgpu':
          await import('@tensorflow/tfjs-backend-webgpu');
          return { tfjs: tf };
        case 'onnx':
          return { ort: await loadOnnxRuntime() };
        case 'js':
          return {};
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
    return ort;
  });
  return ortModule;
}
