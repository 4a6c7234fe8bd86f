import * as tf from '@tensorflow/tfjs-core';

/** Silences tfjs' one-time "install tfjs-node" banner: the CLI picks its backends deliberately. */
export function quietTfjs(): void {
  tf.env().set('PROD', true);
}
