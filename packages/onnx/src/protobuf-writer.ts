/**
 * A minimal protocol-buffers wire-format writer: just what the ONNX encoder needs (varints,
 * 32-bit floats, length-delimited strings / bytes / nested messages).
 *
 * Nested messages are written into their own writer and appended as chunks, so large payloads
 * (tensor raw data) are copied exactly once, when {@link ProtobufWriter.finish} concatenates.
 *
 * Wire types: 0 = varint, 1 = 64-bit, 2 = length-delimited, 5 = 32-bit.
 */
export class ProtobufWriter {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];
  private size = 0;

  /** Number of bytes written so far. */
  get length(): number {
    return this.size;
  }

  /** Writes a non-negative integer (≤ 2^53 − 1) or any int64 (as bigint, two's complement) as a varint. */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff) {
      let v = value;
      while (v > 0x7f) {
        this.pending.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      this.pending.push(v);
      this.size += varintSize(value);
      return this;
    }
    // Negative or large values: go through 64-bit two's complement (10 bytes for negatives).
    let v = BigInt.asUintN(64, BigInt(value));
    let n = 0;
    while (v > 0x7fn) {
      this.pending.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
      n++;
    }
    this.pending.push(Number(v));
    this.size += n + 1;
    return this;
  }

  /** Writes a field key: `(field << 3) | wireType`. */
  tag(field: number, wireType: 0 | 1 | 2 | 5): this {
    return this.varint(field * 8 + wireType);
  }

  /** Field with an (u)int32 / int64 / enum / bool value (wire type 0). */
  int(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  /** Field with an IEEE-754 single value (wire type 5, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    for (const b of bytes) this.pending.push(b);
    this.size += 4;
    return this;
  }

  /** Field with a UTF-8 string (wire type 2). */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** Field with raw bytes (wire type 2). The bytes are referenced, not copied, until {@link finish}. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length);
    this.append(value);
    return this;
  }

  /** Field with a nested message (wire type 2), taking over the chunks of `message`. */
  message(field: number, message: ProtobufWriter): this {
    message.flush();
    this.tag(field, 2).varint(message.size);
    this.flush();
    for (const c of message.chunks) this.chunks.push(c);
    this.size += message.size;
    return this;
  }

  /** Concatenates everything written into one buffer. */
  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }

  private append(bytes: Uint8Array): void {
    if (bytes.length < 64) {
      for (const b of bytes) this.pending.push(b);
    } else {
      this.flush();
      this.chunks.push(bytes);
    }
    this.size += bytes.length;
  }

  private flush(): void {
    if (this.pending.length > 0) {
      this.chunks.push(Uint8Array.from(this.pending));
      this.pending = [];
    }
  }
}

function varintSize(value: number): number {
  let n = 1;
  let v = value;
  while (v > 0x7f) {
    v >>>= 7;
    n++;
  }
  return n;
}
