// Test set-up for WebGPU in Node on a machine without a GPU: Dawn (the `webgpu` npm package) over
// the SwiftShader Vulkan driver that Debian's chromium package ships. Run
// `node scripts/ensure-swiftshader.mjs` first (the package's `test` script does) to install it.
import { existsSync } from 'node:fs';
import type { GpuLike } from '../src/request-gpu.js';

/** Where Debian's chromium package puts SwiftShader's Vulkan ICD manifest. */
export const SWIFTSHADER_ICD_CANDIDATES = ['/usr/lib/chromium/vk_swiftshader_icd.json', '/usr/lib64/chromium/vk_swiftshader_icd.json'];

export interface TestGpu {
  /** The GPU object, or undefined when WebGPU cannot run here. */
  readonly gpu: GpuLike | undefined;
  /** Why `gpu` is undefined (printed when tests skip), or the adapter's description. */
  readonly note: string;
}

/**
 * Points Vulkan at SwiftShader unless VK_ICD_FILENAMES is already set (a real GPU's driver, say),
 * creates Dawn's GPU object and checks it yields an adapter.
 */
export async function acquireTestGpu(): Promise<TestGpu> {
  if (process.env.VK_ICD_FILENAMES === undefined && process.env.VK_DRIVER_FILES === undefined) {
    const icd = SWIFTSHADER_ICD_CANDIDATES.find((path) => existsSync(path));
    if (icd !== undefined) process.env.VK_ICD_FILENAMES = icd;
  }
  let create: (flags: string[]) => GpuLike;
  try {
    ({ create } = (await import('webgpu')) as unknown as { create: (flags: string[]) => GpuLike });
  } catch (error) {
    return { gpu: undefined, note: `the "webgpu" package cannot be loaded: ${(error as Error).message}` };
  }
  const gpu = create([]);
  const adapter = (await gpu.requestAdapter()) as GPUAdapter | null;
  if (adapter === null) {
    return {
      gpu: undefined,
      note: `no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? '(unset)'}; install Debian's chromium package and libvulkan1 for SwiftShader: node scripts/ensure-swiftshader.mjs)`,
    };
  }
  const info = adapter.info;
  return { gpu, note: `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.trim() };
}
