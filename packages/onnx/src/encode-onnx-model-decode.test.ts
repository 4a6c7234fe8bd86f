import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { encodeOnnxModel } from './encode-onnx-model.js';

/**
 * A second, independent reader of our bytes: onnx-proto (protobufjs code generated from onnx.proto).
 * onnxruntime accepting a model proves it loads; this proves every field lands where onnx.proto puts it.
 */
describe('encodeOnnxModel decoded by onnx-proto (protobufjs)', () => {
  it('round-trips graph, value infos, initializers, attributes of every kind and opset imports', () => {
    const bytes = encodeOnnxModel(
      {
        name: 'decode-check',
        inputs: [{ name: 'x', type: 'float32', shape: ['batch', 3] }],
        outputs: [{ name: 'y', type: 'float32', shape: ['batch', 2] }],
        initializers: [
          { name: 'W', type: 'float32', dims: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, -6.5]) },
          { name: 'ids', type: 'int64', dims: [2], data: new BigInt64Array([-3n, 9007199254740993n]) },
          { name: 'd', type: 'float64', dims: [1], data: new Float64Array([1e300]) },
        ],
        nodes: [
          {
            opType: 'MatMul',
            name: 'mm',
            inputs: ['x', 'W'],
            outputs: ['y'],
            attributes: {
              i: { int: -7 },
              is: { ints: [1, -2, 3] },
              f: { float: 0.25 },
              fs: { floats: [1.5, -2] },
              s: { string: 'héllo' },
              ss: { strings: ['a', ''] },
              t: { tensor: { name: 'c', type: 'int32', dims: [2], data: new Int32Array([-1, 2147483647]) } },
            },
          },
          { opType: 'FusedMatMul', domain: 'com.microsoft', inputs: ['x', 'W'], outputs: ['z'] },
        ],
      },
      { opsetVersion: 17, irVersion: 8, producerName: 'decode-test', domainVersions: { 'com.microsoft': 1 } },
    );
    const model = onnx.ModelProto.decode(bytes);
    expect(Number(model.irVersion)).toBe(8);
    expect(model.producerName).toBe('decode-test');
    const opsets = Object.fromEntries(model.opsetImport!.map((o) => [o.domain ?? '', Number(o.version)]));
    expect(opsets).toEqual({ '': 17, 'com.microsoft': 1 });

    const g = model.graph!;
    expect(g.name).toBe('decode-check');
    expect(g.input![0]!.name).toBe('x');
    const inShape = g.input![0]!.type!.tensorType!;
    expect(inShape.elemType).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(inShape.shape!.dim!.map((d: onnx.TensorShapeProto.IDimension) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 3]);

    const [w, ids, dd] = g.initializer!;
    expect(w!.name).toBe('W');
    expect(w!.dims!.map(Number)).toEqual([3, 2]);
    expect(w!.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
    const raw = w!.rawData!;
    expect([...new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))]).toEqual([1, 2, 3, 4, 5, -6.5]);
    expect(ids!.dataType).toBe(onnx.TensorProto.DataType.INT64);
    const ir = ids!.rawData!;
    expect([...new BigInt64Array(ir.buffer.slice(ir.byteOffset, ir.byteOffset + ir.byteLength))]).toEqual([-3n, 9007199254740993n]);
    expect(dd!.dataType).toBe(onnx.TensorProto.DataType.DOUBLE);

    const mm = g.node![0]!;
    expect(mm.opType).toBe('MatMul');
    expect(mm.name).toBe('mm');
    expect(mm.input).toEqual(['x', 'W']);
    const attr = Object.fromEntries(mm.attribute!.map((a) => [a.name, a]));
    expect(attr.i!.type).toBe(onnx.AttributeProto.AttributeType.INT);
    expect(Number(attr.i!.i)).toBe(-7);
    expect(attr.is!.ints!.map(Number)).toEqual([1, -2, 3]);
    expect(attr.f!.f).toBe(0.25);
    expect(attr.fs!.floats).toEqual([1.5, -2]);
    expect(new TextDecoder().decode(attr.s!.s!)).toBe('héllo');
    expect(attr.ss!.strings!.map((b: Uint8Array) => new TextDecoder().decode(b))).toEqual(['a', '']);
    expect(attr.t!.type).toBe(onnx.AttributeProto.AttributeType.TENSOR);
    expect(attr.t!.t!.dataType).toBe(onnx.TensorProto.DataType.INT32);
    expect(g.node![1]!.domain).toBe('com.microsoft');
  });
});
