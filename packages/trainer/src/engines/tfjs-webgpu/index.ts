import { createTfjsProvider } from '../tfjs/tfjs-provider.js';

/** The `tfjs-webgpu` engine provider: tfjs on WebGPU (import the package in your app). */
export const tfjsWebgpuProvider = createTfjsProvider({
  id: 'tfjs-webgpu',
  backend: 'webgpu',
  module: '@tensorflow/tfjs-backend-webgpu',
  environments: ['browser'],
  description: 'tfjs on WebGPU (import the package in your app)',
});
