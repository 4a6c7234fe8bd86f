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
