// A bounded reader of the protobuf wire format: every read checks the end of its message, so a
// truncated or malformed frame is a ProtobufError, never a read past the buffer or a loop.

export class ProtobufError extends Error {
  constructor(message: string) {
    super(`malformed Kubernetes protobuf: ${message}`);
    this.name = 'ProtobufError';
  }
}

export const enum Wire {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

/**
 * Buffer's own UTF-8 slice: what buf.toString('utf8', s, e) ends in, without its argument
 * handling (a pod's dozen short strings made that wrapper a tenth of the decoding time).
 */
const utf8Slice: (this: Buffer, start: number, end: number) => string = (Buffer.prototype as unknown as { utf8Slice?: (s: number, e: number) => string })
  .utf8Slice ?? function(this: Buffer, start: number, end: number) {
  return this.toString('utf8', start, end);
};

export class WireReader {
  /** Field number and wire type of the field last read by next(). */
  field = 0;
  wire = 0;
  pos: number;
  /** End of the message being read (enter() narrows it to an embedded message, leave() restores it). */
  end: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    end = buf.length,
  ) {
    this.end = end;
    if (end > buf.length || start > end) throw new ProtobufError('message runs past the end of the data');
    this.pos = start;
  }

  /** Reads the next field's key; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.end) return false;
    const key = this.varint();
    this.field = Math.floor(key / 8);
    this.wire = key & 7;
    if (this.field === 0) throw new ProtobufError(`field number 0 at byte ${this.pos}`);
    return true;
  }

  /** An unsigned varint up to 2^53 (int64 values in Kubernetes objects stay far below). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let n = 0; n < 10; n++) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  /** An int32 field: the low 32 bits of the varint (negative values are sign-extended to 10 bytes). */
  int32(): number {
    this.expect(Wire.Varint);
    let low = 0;
    for (let n = 0; n < 10; n++) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++];
      if (n < 5) low |= (b & 0x7f) << (7 * n);
      if (b < 0x80) return low | 0;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  bool(): boolean {
    this.expect(Wire.Varint);
    return this.varint() !== 0;
  }

  /** Start and end of a length-delimited field's payload, checked against the message's end. */
  lengthDelimited(): [number, number] {
    this.expect(Wire.Bytes);
    const len = this.varint();
    const start = this.pos;
    if (len > this.end - start) throw new ProtobufError(`field ${this.field} of ${len} bytes runs past the end of its message`);
    this.pos = start + len;
    return [start, start + len];
  }

  string(): string {
    this.expect(Wire.Bytes);
    const len = this.varint();
    const start = this.pos;
    if (len > this.end - start) throw new ProtobufError(`field ${this.field} of ${len} bytes runs past the end of its message`);
    this.pos = start + len;
    return utf8Slice.call(this.buf, start, start + len);
  }

  bytes(): Buffer {
    const [s, e] = this.lengthDelimited();
    return this.buf.subarray(s, e);
  }

  /** A reader over an embedded message field. */
  message(): WireReader {
    const [s, e] = this.lengthDelimited();
    return new WireReader(this.buf, s, e);
  }

  /**
   * Reads an embedded message field in place, no reader allocated (a pod holds a dozen): this
   * reader's next() now walks the embedded message; returns the end to give back to leave().
   */
  enter(): number {
    this.expect(Wire.Bytes);
    const len = this.varint();
    if (len > this.end - this.pos) throw new ProtobufError(`field ${this.field} of ${len} bytes runs past the end of its message`);
    const outer = this.end;
    this.end = this.pos + len;
    return outer;
  }

  /** Back to the enclosing message after the embedded one (the rest of it, if not read, is skipped). */
  leave(outer: number): void {
    this.pos = this.end;
    this.end = outer;
  }

  /** Skips the current field by its wire type (the fields Podnet does not keep). */
  skip(): void {
    switch (this.wire) {
      case Wire.Varint:
        this.varint();
        return;
      case Wire.Fixed64:
        return this.advance(8);
      case Wire.Bytes: {
        this.lengthDelimited();
        return;
      }
      case Wire.Fixed32:
        return this.advance(4);
      default:
        // Groups (3, 4) are proto2 relics Kubernetes never emits; 6 and 7 do not exist.
        throw new ProtobufError(`unsupported wire type ${this.wire} for field ${this.field}`);
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw new ProtobufError(`truncated fixed-width field ${this.field}`);
    this.pos += n;
  }

  private expect(wire: Wire): void {
    if (this.wire !== wire) throw new ProtobufError(`field ${this.field} has wire type ${this.wire}, expected ${wire}`);
  }
}
