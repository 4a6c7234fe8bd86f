import { BackendUnavailableError } from '@limit/core';
import type { OrtModule } from '@limit/onnx';

/** The install hint every "onnxruntime-node is missing" error carries. @internal */
export const ONNXRUNTIME_NODE_INSTALL_HINT =
  'install it with `npm i onnxruntime-node` (an optional peer dependency of @limit/eval; its postinstall downloads GPU binaries — offline or CPU-only, install with ONNXRUNTIME_NODE_INSTALL=skip set)';

/**
 * Imports onnxruntime-node, an optional peer dependency: `@limit/eval` installs and runs BM25,
 * n-gram hashing and the metrics without it, and imports it only when an ONNX encoder or scorer is
 * asked for.
 *
 * @returns The module, as an `OrtModule`.
 * @throws BackendUnavailableError (backend `onnxruntime-node`) when it is not installed, naming the
 *   install command.
 * @example
 * const ort = await importOnnxRuntimeNode();
 * const session = await ort.InferenceSession.create(bytes);
 */
export async function importOnnxRuntimeNode(): Promise<OrtModule> {
  try {
    const name = 'onnxruntime-node';
    const mod = (await import(/* @vite-ignore */ name)) as OrtModule & { default?: OrtModule };
    return mod.InferenceSession ? mod : (mod.default as OrtModule);
  } catch (error) {
    throw new BackendUnavailableError({
      backend: 'onnxruntime-node',
      available: [],
      reason: `cannot import onnxruntime-node (${(error as Error).message}); ${ONNXRUNTIME_NODE_INSTALL_HINT}`,
    });
  }
}
