export { encodeOnnxModel, encodeOnnxModelWithExternalData } from './encode-onnx-model.js';
export type { ExternalDataOptions } from './encode-onnx-model.js';
export { listExternalDataFiles } from './list-external-data-files.js';
export { float16BitsToFloat32, float32ToFloat16Bits } from './float16.js';
export { GraphBuilder } from './graph-builder.js';
export type { GraphBuilderOpOptions } from './graph-builder.js';
export type { OrtModule, OrtSession, OrtTensor, OrtSessionOptions } from './ort-module.js';
export type {
  OnnxDataType,
  OnnxTensorData,
  OnnxValueInfo,
  OnnxAttribute,
  OnnxNode,
  OnnxGraph,
  EncodeOnnxModelOptions,
} from './onnx-types.js';
