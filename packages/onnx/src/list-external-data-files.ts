import { InvalidArgumentError } from '@limit/core';
import { readFields } from './protobuf-reader.js';

// Field numbers (onnx/onnx.proto): ModelProto.graph, GraphProto.{node, initializer},
// NodeProto.attribute, AttributeProto.{t, g, tensors, graphs}, TensorProto.{external_data,
// data_location}, StringStringEntryProto.{key, value}.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const NODE_ATTRIBUTE = 5;
const ATTR_T = 5;
const ATTR_G = 6;
const ATTR_TENSORS = 10;
const ATTR_GRAPHS = 11;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const EXTERNAL = 1n;

/**
 * Lists the external-data files an ONNX model refers to: the distinct `location`s of every tensor
 * stored outside the model (`data_location = EXTERNAL`: initializers and constant attributes, in
 * subgraphs too), each once, in the order the file holds them. A model over protobuf's 2 GB limit keeps its weights in such
 * a file (`model.onnx_data` in transformers.js and optimum exports), which must sit beside the
 * model. Only the model's structure is read; the weights are not touched.
 *
 * @param model - Bytes of a `.onnx` file.
 * @returns File names relative to the model's folder; empty for a self-contained model.
 * @throws InvalidArgumentError (parameter `model`) when the bytes are not a readable protobuf message.
 * @example
 * listExternalDataFiles(readFileSync('model/onnx/model.onnx')); // ['model.onnx_data']
 */
export function listExternalDataFiles(model: Uint8Array): string[] {
  if (!(model instanceof Uint8Array)) throw new InvalidArgumentError({ parameter: 'model', value: model, message: 'model must be the bytes of a .onnx file' });
  const files: string[] = [];
  const seen = new Set<string>();
  const decoder = new TextDecoder();
  const tensor = (bytes: Uint8Array) => {
    let location: string | undefined;
    let external = false;
    readFields(bytes, (field, _wire, value) => {
      if (field === TENSOR_DATA_LOCATION && 'varint' in value) external = value.varint === EXTERNAL;
      else if (field === TENSOR_EXTERNAL_DATA && 'bytes' in value) {
        let key = '';
        let text = '';
        readFields(value.bytes, (f, _w, v) => {
          if ('bytes' in v && f === 1) key = decoder.decode(v.bytes);
          else if ('bytes' in v && f === 2) text = decoder.decode(v.bytes);
        });
        if (key === 'location') location = text;
      }
    });
    if (external && location !== undefined && !seen.has(location)) {
      seen.add(location);
      files.push(location);
    }
  };
  const graph = (bytes: Uint8Array) => {
    readFields(bytes, (field, _wire, value) => {
      if (!('bytes' in value)) return;
      if (field === GRAPH_INITIALIZER) tensor(value.bytes);
      else if (field === GRAPH_NODE) {
        readFields(value.bytes, (f, _w, v) => {
          if (f !== NODE_ATTRIBUTE || !('bytes' in v)) return;
          readFields(v.bytes, (a, _aw, av) => {
            if (!('bytes' in av)) return;
            if (a === ATTR_T || a === ATTR_TENSORS) tensor(av.bytes);
            else if (a === ATTR_G || a === ATTR_GRAPHS) graph(av.bytes);
          });
        });
      }
    });
  };
  try {
    readFields(model, (field, _wire, value) => {
      if (field === MODEL_GRAPH && 'bytes' in value) graph(value.bytes);
    });
  } catch (error) {
    throw new InvalidArgumentError({ parameter: 'model', value: model.length, message: `not an ONNX model: ${(error as Error).message}`, cause: error });
  }
  return files;
}
