import { createTfjsProvider } from '../tfjs/tfjs-provider.js';

/** The `tfjs-webgl` engine provider: tfjs on WebGL 2 (import the package in your app). */
export const tfjsWebglProvider = createTfjsProvider({
  id: 'tfjs-webgl',
  backend: 'webgl',
  module: '@tensorflow/tfjs-backend-webgl',
  environments: ['browser'],
  description: 'tfjs on WebGL 2 (import the package in your app)',
});
