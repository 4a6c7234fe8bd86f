/**
 * `@limit/eval/web`: browser loading of model folders over HTTP on onnxruntime-web (imported
 * dynamically). Everything else is in the main, browser-safe entry.
 */
export { loadOnnxEncoderFromUrl } from './onnx/load-onnx-encoder-from-url.js';
export type { LoadOnnxEncoderFromUrlOptions } from './onnx/load-onnx-encoder-from-url.js';
