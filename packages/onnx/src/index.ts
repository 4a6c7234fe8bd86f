export { encodeOnnxModel } from './encode-onnx-model.js';
export { GraphBuilder } from './graph-builder.js';
export type { GraphBuilderOpOptions } from './graph-builder.js';
export type {
  OnnxDataType,
  OnnxTensorData,
  OnnxValueInfo,
  OnnxAttribute,
  OnnxNode,
  OnnxGraph,
  EncodeOnnxModelOptions,
} from './onnx-types.js';
