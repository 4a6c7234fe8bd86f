import { createTfjsProvider } from '../tfjs/tfjs-provider.js';

/** The `tfjs-wasm` engine provider: tfjs on WebAssembly (XNNPACK); in browsers call setWasmPaths on the module first. */
export const tfjsWasmProvider = createTfjsProvider({
  id: 'tfjs-wasm',
  backend: 'wasm',
  module: '@tensorflow/tfjs-backend-wasm',
  environments: ['node', 'browser'],
  description: 'tfjs on WebAssembly (XNNPACK); in browsers call setWasmPaths on the module first',
  importModule: () => import('@tensorflow/tfjs-backend-wasm'),
});
