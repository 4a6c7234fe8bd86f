import { importOptional } from '../environment.js';
import { createTfjsProvider } from '../tfjs/tfjs-provider.js';

/** The `tfjs-node` engine provider: tfjs on native TensorFlow (install and import @tensorflow/tfjs-node yourself). */
export const tfjsNodeProvider = createTfjsProvider({
  id: 'tfjs-node',
  backend: 'tensorflow',
  module: '@tensorflow/tfjs-node',
  environments: ['node'],
  description: 'tfjs on native TensorFlow (install and import @tensorflow/tfjs-node yourself)',
  importModule: () => importOptional('@tensorflow/tfjs-node'),
});
