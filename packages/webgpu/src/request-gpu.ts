import { BackendUnavailableError, InvalidArgumentError, isNode } from '@limit/core';

/**
 * The entry object of a WebGPU implementation: `navigator.gpu` in a browser, or the result of
 * `create([])` from the `webgpu` npm package (Dawn's Node bindings). Only `requestAdapter` is used.
 */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<unknown>;
}

/** The npm package with Dawn's Node bindings, an optional peer dependency. */
export const NODE_WEBGPU_PACKAGE = 'webgpu';

let nodeGpu: Promise<GpuLike> | undefined;

async function importNodeWebGpu(): Promise<GpuLike> {
  // A variable specifier (and @vite-ignore) keeps bundlers from resolving the optional package.
  const specifier = NODE_WEBGPU_PACKAGE;
  let module: { create?: (flags: string[]) => GpuLike };
  try {
    module = (await import(/* @vite-ignore */ specifier)) as typeof module;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw new BackendUnavailableError({
      backend: 'webgpu',
      available: [],
      reason: missing
        ? `the optional peer dependency "${NODE_WEBGPU_PACKAGE}" (Dawn's WebGPU bindings for Node) is not installed: npm install ${NODE_WEBGPU_PACKAGE}`
        : `the "${NODE_WEBGPU_PACKAGE}" package failed to load: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (typeof module.create !== 'function') {
    throw new BackendUnavailableError({ backend: 'webgpu', available: [], reason: `the "${NODE_WEBGPU_PACKAGE}" package exports no create() function` });
  }
  return module.create([]);
}

/**
 * Finds the WebGPU entry object: `options.gpu` when given; else `navigator.gpu` when present (browsers,
 * Deno); else, in Node, `create([])` of the optional `webgpu` package (imported once per process).
 *
 * @param gpu - an explicit GPU object, or undefined.
 * @returns the GPU object to request an adapter from.
 * @throws InvalidArgumentError (`options.gpu`) when `gpu` has no `requestAdapter` function.
 * @throws BackendUnavailableError naming the `webgpu` package when it is missing in Node, or saying
 *   that `navigator.gpu` is missing in a browser.
 * @internal
 */
export async function resolveGpu(gpu: GpuLike | undefined): Promise<GpuLike> {
  if (gpu !== undefined) {
    if (typeof (gpu as { requestAdapter?: unknown } | null)?.requestAdapter !== 'function') {
      throw new InvalidArgumentError({ parameter: 'options.gpu', value: gpu, message: 'options.gpu must be a GPU object (navigator.gpu, or create([]) from the "webgpu" package)' });
    }
    return gpu;
  }
  const navigatorGpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (navigatorGpu !== undefined && navigatorGpu !== null) return navigatorGpu;
  if (!isNode()) {
    throw new BackendUnavailableError({ backend: 'webgpu', available: [], reason: 'navigator.gpu is missing: this browser does not offer WebGPU (or it is disabled)' });
  }
  nodeGpu ??= importNodeWebGpu();
  try {
    return await nodeGpu;
  } catch (error) {
    nodeGpu = undefined; // a later call (after `npm install webgpu`) tries again
    throw error;
  }
}
