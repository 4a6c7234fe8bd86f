import { createTfjsProvider } from '../tfjs/tfjs-provider.js';

/** The `tfjs-cpu` engine provider: tfjs plain-JavaScript kernels: slow, runs everywhere. */
export const tfjsCpuProvider = createTfjsProvider({
  id: 'tfjs-cpu',
  backend: 'cpu',
  module: '@tensorflow/tfjs-backend-cpu',
  environments: ['node', 'browser'],
  description: 'tfjs plain-JavaScript kernels: slow, runs everywhere',
  importModule: () => import('@tensorflow/tfjs-backend-cpu'),
});
