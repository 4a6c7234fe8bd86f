/**
 * Capability detection in one place: which runtime this is and what it offers. Libraries ask here
 * instead of sniffing globals themselves.
 */

/** True in Node.js (and runtimes that present themselves as Node). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** True in a browser window or worker. */
export function isBrowser(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown; importScripts?: unknown };
  return (typeof g.window === 'object' && typeof g.document === 'object') || typeof g.importScripts === 'function';
}

/** True when `navigator.gpu` exists (WebGPU may still fail to give an adapter). */
export function hasWebGpu(): boolean {
  const n = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return typeof n?.gpu === 'object' && n.gpu !== null;
}

/** True when a WebGL2 context can be created (browsers only). */
export function hasWebGl2(): boolean {
  const d = (globalThis as { document?: { createElement?: (tag: string) => { getContext?: (t: string) => unknown } } }).document;
  if (typeof d?.createElement !== 'function') return false;
  try {
    return Boolean(d.createElement('canvas').getContext?.('webgl2'));
  } catch {
    return false;
  }
}

/** True when WebAssembly is available. */
export function hasWebAssembly(): boolean {
  return typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object';
}

/** What {@link probeWebGpu} found. */
export interface WebGpuProbe {
  /** True when an adapter was granted. */
  readonly available: boolean;
  /** The adapter's vendor, architecture and description (what the browser discloses), when there is one. */
  readonly adapter?: string;
  /** Why there is no adapter. */
  readonly reason?: string;
}

interface GpuEntry {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

/**
 * Asks WebGPU for an adapter: {@link hasWebGpu} only says `navigator.gpu` exists, and a browser may still
 * refuse an adapter (no GPU, blocklisted driver, WebGPU disabled). Never throws: a refusal or an error is
 * `available: false` with the reason.
 *
 * @param gpu - the WebGPU entry object (default `navigator.gpu`).
 * @returns whether an adapter was granted, and what it is.
 * @example
 * ```ts
 * const webgpu = await probeWebGpu();
 * if (webgpu.available) console.log(`WebGPU adapter: ${webgpu.adapter}`);
 * ```
 */
export async function probeWebGpu(gpu: unknown = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu): Promise<WebGpuProbe> {
  if (typeof gpu !== 'object' || gpu === null || typeof (gpu as Partial<GpuEntry>).requestAdapter !== 'function') {
    return { available: false, reason: 'navigator.gpu is not available (no WebGPU in this runtime)' };
  }
  try {
    const adapter = await (gpu as GpuEntry).requestAdapter();
    if (adapter === null) return { available: false, reason: 'requestAdapter() returned no adapter' };
    const info = adapter.info;
    const name = [info?.vendor, info?.architecture, info?.description].filter((s) => typeof s === 'string' && s !== '').join(' ');
    return { available: true, adapter: name === '' ? 'adapter' : name };
  } catch (error) {
    return { available: false, reason: `requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** What {@link probeWebGl2} found. */
export interface WebGl2Probe {
  /** True when a WebGL2 context could be created. */
  readonly available: boolean;
  /** The renderer string (unmasked when the browser allows it), when there is a context. */
  readonly renderer?: string;
}

interface GlLike {
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(name: number): unknown;
  readonly RENDERER: number;
}

/**
 * Creates a WebGL2 context to say whether WebGL2 works here and which renderer draws it (e.g. SwiftShader,
 * a software renderer, or a GPU). Never throws; `available: false` outside browsers.
 *
 * @returns whether WebGL2 is available, and its renderer.
 * @example
 * ```ts
 * const { available, renderer } = probeWebGl2();
 * ```
 */
export function probeWebGl2(): WebGl2Probe {
  const d = (globalThis as { document?: { createElement?: (tag: string) => { getContext?: (t: string) => unknown } } }).document;
  if (typeof d?.createElement !== 'function') return { available: false };
  try {
    const gl = d.createElement('canvas').getContext?.('webgl2') as GlLike | null | undefined;
    if (gl === null || gl === undefined) return { available: false };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return { available: true, renderer: String(gl.getParameter(ext !== null ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) };
  } catch {
    return { available: false };
  }
}
