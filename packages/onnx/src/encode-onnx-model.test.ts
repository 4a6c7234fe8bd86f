import { InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeOnnxModel } from './encode-onnx-model.js';
import type { OnnxGraph } from './onnx-types.js';

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

const f32 = (data: number[], dims: number[]) => new ort.Tensor('float32', Float32Array.from(data), dims);

/** y = x·W + b with W = [[1, 2], [3, 4], [5, 6]], b = [0.5, −1]. */
function linearGraph(): OnnxGraph {
  return {
    name: 'linear',
    inputs: [{ name: 'x', type: 'float32', shape: ['batch', 3] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['batch', 2] }],
    initializers: [
      { name: 'W', type: 'float32', dims: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
      { name: 'b', type: 'float32', dims: [2], data: new Float32Array([0.5, -1]) },
    ],
    nodes: [
      { opType: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { opType: 'Add', inputs: ['xw', 'b'], outputs: ['y'] },
    ],
  };
}

describe('encodeOnnxModel', () => {
  it('builds a model onnxruntime runs, with a symbolic batch dimension', async () => {
    const bytes = encodeOnnxModel(linearGraph());
    // [1, 0, 2]·W + b = [1 + 10, 2 + 12] + b = [11.5, 13]; [0, 1, −1]·W + b = [3 − 5, 4 − 6] + b = [−1.5, −3].
    const two = await run(bytes, { x: f32([1, 0, 2, 0, 1, -1], [2, 3]) });
    expect([...(two.y!.data as Float32Array)]).toEqual([11.5, 13, -1.5, -3]);
    expect(two.y!.dims).toEqual([2, 2]);
    const one = await run(bytes, { x: f32([1, 1, 1], [1, 3]) });
    expect([...(one.y!.data as Float32Array)]).toEqual([9.5, 11]);
  });

  it('encodes int, float, negative-int, ints and string attributes that onnxruntime honours', async () => {
    const bytes = encodeOnnxModel({
      name: 'attributes',
      inputs: [
        { name: 'a', type: 'float32', shape: [2, 2] },
        { name: 'c', type: 'float32', shape: [2, 3] },
        { name: 'p', type: 'float32', shape: [3] },
      ],
      outputs: [
        { name: 'gemm', type: 'float32', shape: [2, 3] },
        { name: 'softmax', type: 'float32', shape: [2, 2] },
        { name: 'leaky', type: 'float32', shape: [2, 2] },
        { name: 'padded', type: 'float32', shape: [5] },
      ],
      initializers: [
        { name: 'B', type: 'float32', dims: [3, 2], data: new Float32Array([1, 0, 0, 1, 1, 1]) },
        { name: 'pads', type: 'int64', dims: [2], data: new BigInt64Array([1n, 1n]) },
      ],
      nodes: [
        // gemm = 2 · a · Bᵀ + 0.5 · c
        { opType: 'Gemm', inputs: ['a', 'B', 'c'], outputs: ['gemm'], attributes: { transB: { int: 1 }, alpha: { float: 2 }, beta: { float: 0.5 } } },
        { opType: 'Softmax', inputs: ['a'], outputs: ['softmax'], attributes: { axis: { int: -1 } } },
        { opType: 'LeakyRelu', inputs: ['a'], outputs: ['leaky'], attributes: { alpha: { float: 0.25 } } },
        { opType: 'Pad', inputs: ['p', 'pads'], outputs: ['padded'], attributes: { mode: { string: 'reflect' } } },
      ],
    });
    const out = await run(bytes, {
      a: f32([1, -2, 0, 3], [2, 2]),
      c: f32([2, 4, 6, 8, 10, 12], [2, 3]),
      p: f32([1, 2, 3], [3]),
    });
    // a·Bᵀ = [[1, −2, −1], [0, 3, 3]]; ×2 = [[2, −4, −2], [0, 6, 6]]; + 0.5c = [[3, −2, 1], [4, 11, 12]].
    expect([...(out.gemm!.data as Float32Array)]).toEqual([3, -2, 1, 4, 11, 12]);
    // softmax over the last axis: [1, −2] → [e³/(e³+1), 1/(e³+1)]; [0, 3] → [1/(1+e³), e³/(1+e³)].
    const s = 1 / (1 + Math.exp(3));
    const softmax = [...(out.softmax!.data as Float32Array)];
    [1 - s, s, s, 1 - s].forEach((v, i) => expect(softmax[i]).toBeCloseTo(v, 6));
    expect([...(out.leaky!.data as Float32Array)]).toEqual([1, -0.5, 0, 3]);
    // reflect padding of [1, 2, 3] by one on each side: [2, 1, 2, 3, 2].
    expect([...(out.padded!.data as Float32Array)]).toEqual([2, 1, 2, 3, 2]);
  });

  it('encodes ints and tensor attributes, and int64 / int32 / uint8 / bool / float64 tensors', async () => {
    const bytes = encodeOnnxModel({
      name: 'types',
      inputs: [
        { name: 'm', type: 'float32', shape: [2, 3] },
        { name: 'ids', type: 'int64', shape: ['n'] },
        { name: 'x64', type: 'float64', shape: [2] },
      ],
      outputs: [
        { name: 'mt', type: 'float32', shape: [3, 2] },
        { name: 'rows', type: 'float32', shape: ['n', 2] },
        { name: 'picked', type: 'float32', shape: [3] },
        { name: 'sum64', type: 'float64', shape: [2] },
        { name: 'counts', type: 'int32', shape: [3] },
        { name: 'k', type: 'float32', shape: [2] },
      ],
      initializers: [
        { name: 'table', type: 'float32', dims: [3, 2], data: new Float32Array([10, 11, 20, 21, 30, 31]) },
        { name: 'mask', type: 'bool', dims: [3], data: new Uint8Array([1, 0, 1]) },
        { name: 'alt', type: 'float32', dims: [3], data: new Float32Array([-1, -2, -3]) },
        { name: 'y64', type: 'float64', dims: [2], data: new Float64Array([0.1, 1e300]) },
        { name: 'bytes', type: 'uint8', dims: [3], data: new Uint8Array([7, 200, 255]) },
        { name: 'i32', type: 'int32', dims: [3], data: new Int32Array([-5, 0, 2147483647]) },
      ],
      nodes: [
        { opType: 'Transpose', inputs: ['m'], outputs: ['mt'], attributes: { perm: { ints: [1, 0] } } },
        { opType: 'Gather', inputs: ['table', 'ids'], outputs: ['rows'], attributes: { axis: { int: 0 } } },
        { opType: 'Cast', inputs: ['bytes'], outputs: ['bytesf'], attributes: { to: { int: 1 } } },
        { opType: 'Where', inputs: ['mask', 'alt', 'bytesf'], outputs: ['picked'] },
        { opType: 'Add', inputs: ['x64', 'y64'], outputs: ['sum64'] },
        { opType: 'Cast', inputs: ['bytes'], outputs: ['bytes32'], attributes: { to: { int: 6 } } },
        { opType: 'Sub', inputs: ['i32', 'i32'], outputs: ['i32zero'] },
        { opType: 'Add', inputs: ['bytes32', 'i32zero'], outputs: ['counts'] },
        {
          opType: 'Constant',
          inputs: [],
          outputs: ['k'],
          attributes: { value: { tensor: { name: '', type: 'float32', dims: [2], data: new Float32Array([0.25, -4]) } } },
        },
      ],
    });
    const out = await run(bytes, {
      m: f32([1, 2, 3, 4, 5, 6], [2, 3]),
      ids: new ort.Tensor('int64', new BigInt64Array([2n, 0n, 2n]), [3]),
      x64: new ort.Tensor('float64', new Float64Array([0.2, -1e300]), [2]),
    });
    expect([...(out.mt!.data as Float32Array)]).toEqual([1, 4, 2, 5, 3, 6]);
    expect(out.rows!.dims).toEqual([3, 2]);
    expect([...(out.rows!.data as Float32Array)]).toEqual([30, 31, 10, 11, 30, 31]);
    // mask [1, 0, 1] picks alt where true, the uint8 bytes (as float) where false.
    expect([...(out.picked!.data as Float32Array)]).toEqual([-1, 200, -3]);
    expect([...(out.sum64!.data as Float64Array)]).toEqual([0.1 + 0.2, 0]);
    // i32 − i32 = 0, so counts = the uint8 values as int32.
    expect([...(out.counts!.data as Int32Array)]).toEqual([7, 200, 255]);
    expect([...(out.k!.data as Float32Array)]).toEqual([0.25, -4]);
  });

  it('carries a large initializer intact (an embedding table)', async () => {
    const rows = 1000;
    const dim = 64;
    const table = Float32Array.from({ length: rows * dim }, (_, i) => Math.sin(i));
    const bytes = encodeOnnxModel({
      name: 'embedding',
      inputs: [{ name: 'ids', type: 'int64', shape: ['n'] }],
      outputs: [{ name: 'e', type: 'float32', shape: ['n', dim] }],
      initializers: [{ name: 'table', type: 'float32', dims: [rows, dim], data: table }],
      nodes: [{ opType: 'Gather', inputs: ['table', 'ids'], outputs: ['e'] }],
    });
    expect(bytes.length).toBeGreaterThan(rows * dim * 4);
    const out = await run(bytes, { ids: new ort.Tensor('int64', new BigInt64Array([999n, 0n]), [2]) });
    const e = out.e!.data as Float32Array;
    expect([...e.subarray(0, dim)]).toEqual([...table.subarray(999 * dim, 1000 * dim)]);
    expect([...e.subarray(dim)]).toEqual([...table.subarray(0, dim)]);
  });

  it('is byte-deterministic and independent of attribute insertion order', () => {
    const a = encodeOnnxModel(linearGraph());
    const b = encodeOnnxModel(linearGraph());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const node = (attributes: OnnxGraph['nodes'][number]['attributes']): OnnxGraph => ({
      name: 'g',
      inputs: [{ name: 'a', type: 'float32', shape: [2, 2] }],
      outputs: [{ name: 'y', type: 'float32', shape: [2, 2] }],
      nodes: [{ opType: 'Gemm', inputs: ['a', 'a'], outputs: ['y'], attributes }],
    });
    const x = encodeOnnxModel(node({ alpha: { float: 2 }, transB: { int: 1 } }));
    const y = encodeOnnxModel(node({ transB: { int: 1 }, alpha: { float: 2 } }));
    expect(Buffer.from(x).equals(Buffer.from(y))).toBe(true);
    // Options change the bytes.
    const z = encodeOnnxModel(linearGraph(), { opsetVersion: 13 });
    expect(Buffer.from(a).equals(Buffer.from(z))).toBe(false);
  });

  it('writes the ModelProto header fields: ir_version, producer_name, opset_import', () => {
    const bytes = encodeOnnxModel(linearGraph(), { irVersion: 7, opsetVersion: 15, producerName: 'p' });
    // field 1 (ir_version, varint) = 7; field 2 (producer_name) = "p".
    expect(Buffer.from(bytes.subarray(0, 5)).toString('hex')).toBe('0807' + '120170');
    // The last message is opset_import (field 8): { domain (1) = "", version (2) = 15 } → 42 04 0a 00 10 0f.
    expect(Buffer.from(bytes.subarray(bytes.length - 6)).toString('hex')).toBe('42040a00100f');
  });

  describe('validation', () => {
    const expectInvalid = (graph: OnnxGraph, parameter: string) => {
      try {
        encodeOnnxModel(graph);
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        expect((error as InvalidArgumentError).parameter).toBe(parameter);
        return;
      }
      throw new Error('expected encodeOnnxModel to throw');
    };

    it('rejects an unknown element type', () => {
      const g = linearGraph();
      (g.inputs[0] as { type: string }).type = 'bfloat16';
      expectInvalid(g, 'graph.inputs[0].type');
    });

    it('rejects a tensor whose data length differs from its dims', () => {
      const g = linearGraph();
      g.initializers![0]!.dims = [2, 2];
      try {
        encodeOnnxModel(g);
        throw new Error('expected a throw');
      } catch (error) {
        expect(ShapeMismatchError.isInstance(error)).toBe(true);
        expect((error as ShapeMismatchError).parameter).toBe('graph.initializers[0].data');
        expect((error as ShapeMismatchError).expected).toEqual([4]);
        expect((error as ShapeMismatchError).actual).toEqual([6]);
      }
    });

    it('rejects data of the wrong typed-array class and non-0/1 bools', () => {
      const g = linearGraph();
      g.initializers![1]!.data = new Float64Array([0.5, -1]);
      expectInvalid(g, 'graph.initializers[1].data');
      const h = linearGraph();
      h.initializers!.push({ name: 'flag', type: 'bool', dims: [1], data: new Uint8Array([2]) });
      expectInvalid(h, 'graph.initializers[2].data');
    });

    it('rejects duplicate value names', () => {
      const g = linearGraph();
      g.nodes[1]!.outputs = ['xw'];
      expectInvalid(g, 'graph.nodes[1].outputs[0]');
      const h = linearGraph();
      h.initializers![1]!.name = 'x';
      expectInvalid(h, 'graph.initializers[1]');
    });

    it('rejects a node input that is not defined before it', () => {
      const g = linearGraph();
      g.nodes.reverse(); // Add now reads xw before MatMul defines it
      expectInvalid(g, 'graph.nodes[0].inputs[0]');
      const h = linearGraph();
      h.nodes[0]!.inputs = ['x', 'V'];
      expectInvalid(h, 'graph.nodes[0].inputs[1]');
    });

    it('rejects undefined graph outputs, bad dims, bad attributes and bad options', () => {
      const g = linearGraph();
      g.outputs[0]!.name = 'z';
      expectInvalid(g, 'graph.outputs[0].name');
      const h = linearGraph();
      h.inputs[0]!.shape = ['batch', -3];
      expectInvalid(h, 'graph.inputs[0].shape[1]');
      const a = linearGraph();
      a.nodes[0]!.attributes = { axis: { int: 1.5 } };
      expectInvalid(a, 'graph.nodes[0].attributes.axis.int');
      const b = linearGraph();
      b.nodes[0]!.attributes = { axis: { int: 1, float: 2 } as never };
      expectInvalid(b, 'graph.nodes[0].attributes.axis');
      expect(() => encodeOnnxModel(linearGraph(), { opsetVersion: 0 })).toThrow(/options\.opsetVersion/);
    });
  });
});
