/**
 * A minimal protocol-buffers wire-format reader: walks the fields of one message, handing each
 * field's number, wire type and payload to a callback. Just what {@link listExternalDataFiles}
 * needs; unknown fields are skipped, so any valid message can be walked.
 *
 * @internal
 */
export function readFields(
  bytes: Uint8Array,
  onField: (field: number, wireType: number, value: { varint: bigint } | { bytes: Uint8Array }) => void,
): void {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length) throw new RangeError('truncated varint');
      const b = bytes[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new RangeError('varint too long');
    }
  };
  while (pos < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wireType = key & 7;
    if (field === 0) throw new RangeError('field number 0');
    if (wireType === 0) onField(field, wireType, { varint: varint() });
    else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (pos + size > bytes.length) throw new RangeError('truncated fixed-size field');
      onField(field, wireType, { bytes: bytes.subarray(pos, pos + size) });
      pos += size;
    } else if (wireType === 2) {
      const length = Number(varint());
      if (pos + length > bytes.length) throw new RangeError('truncated length-delimited field');
      onField(field, wireType, { bytes: bytes.subarray(pos, pos + length) });
      pos += length;
    } else throw new RangeError(`unsupported wire type ${wireType}`);
  }
}
