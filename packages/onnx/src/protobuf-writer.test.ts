import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from './protobuf-writer.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('ProtobufWriter', () => {
  it('encodes the protobuf documentation examples', () => {
    // "A simple message": field 1 = 150 → 08 96 01; field 2 = "testing" → 12 07 74 65 73 74 69 6e 67.
    expect(hex(new ProtobufWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtobufWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    // Embedded message: field 3 = { field 1 = 150 } → 1a 03 08 96 01.
    expect(hex(new ProtobufWriter().message(3, new ProtobufWriter().int(1, 150)).finish())).toBe('1a03089601');
  });

  it('encodes varints at the 7-bit boundaries, large values and negative int64', () => {
    const v = (x: number | bigint) => hex(new ProtobufWriter().varint(x).finish());
    expect(v(0)).toBe('00');
    expect(v(127)).toBe('7f');
    expect(v(128)).toBe('8001');
    expect(v(300)).toBe('ac02');
    expect(v(2 ** 31)).toBe('8080808008');
    expect(v(2 ** 53 - 1)).toBe('ffffffffffffff0f');
    expect(v(-1)).toBe('ffffffffffffffffff01');
    expect(v(-2n)).toBe('feffffffffffffffff01');
  });

  it('writes floats as little-endian fixed32 and tracks the length', () => {
    const w = new ProtobufWriter().float(2, 1.5);
    expect(hex(w.finish())).toBe('150000c03f');
    expect(w.length).toBe(5);
  });

  it('appends large byte payloads once, in order, around small writes', () => {
    const big = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const bytes = new ProtobufWriter().int(1, 1).bytes(2, big).int(3, 2).finish();
    expect(bytes.length).toBe(2 + 1 + 2 + 300 + 2);
    expect(hex(bytes.subarray(0, 5))).toBe('0801' + '12ac02');
    expect([...bytes.subarray(5, 305)]).toEqual([...big]);
    expect(hex(bytes.subarray(305))).toBe('1802');
  });
});
