// Protobuf messages written into one growing buffer: a nested message's length is written after
// the message, moving its bytes up when the length takes more than the one byte reserved for it.
// Building a Buffer per field and concatenating at every level cost ~600 µs a pod; the lab encodes
// a million generated pods on every read (store/storedEntry.ts), so it writes in place.
import type { SchemaField } from './protobufSchema';
import { protobufSchema } from './protobufSchema';

/** Fields whose Go struct is embedded with `json:",inline"`: their JSON keys sit in the parent. */
const inlineFields = new Set(['volumeSource', 'persistentVolumeSource', 'localObjectReference', 'handler', 'ephemeralContainerCommon']);

type Field = readonly [name: string, no: number, type: string, inline: boolean, repeated: boolean, map: boolean, item: string];
const byNumber = new Map<string, readonly Field[]>();
function fieldsOf(type: string): readonly Field[] {
  let fields = byNumber.get(type);
  if (!fields) {
    const declared: readonly SchemaField[] | undefined = protobufSchema[type];
    if (!declared) throw new Error(`no protobuf schema for ${type}`);
    // The generated Go marshallers write fields in ascending number order.
    fields = [...declared].sort((a, b) => a[1] - b[1]).map(([name, no, t]): Field => {
      const repeated = t.startsWith('[]');
      const map = t.startsWith('map:');
      return [name, no, t, inlineFields.has(name), repeated, map, repeated ? t.slice(2) : map ? t.slice(4) : t];
    });
    byNumber.set(type, fields);
  }
  return fields;
}

/** What writeMessage writes into: ProtoWriter's bytes, or a template's pieces (protobufTemplate.ts). */
export interface MessageWriter {
  varint(n: number | bigint): void;
  tag(no: number, wire: number): void;
  begin(): number;
  end(at: number): void;
  string(s: string): void;
  bytes(b: Uint8Array): void;
  double(v: number): void;
  /** A meta.Time's fields {seconds 1, nanos 2} from its RFC 3339 JSON form. */
  time(v: unknown): void;
}

export const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

export class ProtoWriter implements MessageWriter {
  private buf = Buffer.allocUnsafe(16 * 1024);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** An unsigned varint; negative and beyond-2^53 values as the 64-bit two's complement Go writes. */
  varint(n: number | bigint): void {
    this.ensure(10);
    if (typeof n === 'number' && n >= 0 && Number.isSafeInteger(n)) {
      while (n >= 0x80) {
        this.buf[this.pos++] = (n % 0x80) | 0x80;
        n = Math.floor(n / 0x80);
      }
      this.buf[this.pos++] = n;
      return;
    }
    let v = BigInt.asUintN(64, BigInt(n));
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  tag(no: number, wire: number): void {
    this.varint(no * 8 + wire);
  }

  /** Starts a length-delimited value; end() writes its length. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  end(at: number): void {
    const length = this.pos - at - 1;
    const size = varintSize(length);
    if (size > 1) {
      this.ensure(size - 1);
      this.buf.copyWithin(at + size, at + 1, this.pos);
      this.pos += size - 1;
    }
    let n = length;
    for (let i = 0; i < size - 1; i++, n >>>= 7) this.buf[at + i] = (n & 0x7f) | 0x80;
    this.buf[at + size - 1] = n;
  }

  string(s: string): void {
    const at = this.begin();
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    this.end(at);
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  double(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  time(v: unknown): void {
    writeTime(this, v);
  }

  /** Bytes written so far (take() hands them out). */
  get length(): number {
    return this.pos;
  }

  /** The bytes written since reset(), copied out (the writer's buffer is reused). */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }
}

function writeTime(w: MessageWriter, v: unknown): void {
  const ms = Date.parse(String(v));
  if (!Number.isFinite(ms)) throw new Error(`not an RFC 3339 time: ${String(v)}`);
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  w.tag(1, 0);
  w.varint(seconds);
  if (nanos) {
    w.tag(2, 0);
    w.varint(nanos);
  }
}

/** One field of the JSON form, by the schema's type. JSON forms that differ from the message are converted here. */
function writeField(w: MessageWriter, no: number, type: string, v: unknown): void {
  switch (type) {
    case 'string':
      w.tag(no, 2);
      return w.string(String(v));
    case 'bytes':
      w.tag(no, 2);
      return w.bytes(Buffer.from(String(v), 'base64'));
    case 'bool':
      w.tag(no, 0);
      return w.varint(v ? 1 : 0);
    case 'int32':
    case 'int64':
      w.tag(no, 0);
      return w.varint(Math.trunc(Number(v)));
    case 'double':
      w.tag(no, 1);
      return w.double(Number(v));
  }
  w.tag(no, 2);
  const at = w.begin();
  switch (type) {
    case 'meta.Time':
    case 'meta.MicroTime':
      w.time(v);
      break;
    case 'api.resource.Quantity':
      w.tag(1, 2);
      w.string(String(v));
      break;
    case 'util.intstr.IntOrString':
      if (typeof v === 'number') {
        w.tag(1, 0);
        w.varint(0);
        w.tag(2, 0);
        w.varint(Math.trunc(v));
      } else {
        w.tag(1, 0);
        w.varint(1);
        w.tag(3, 2);
        w.string(String(v));
      }
      break;
    case 'meta.FieldsV1':
    case 'runtime.RawExtension':
      w.tag(1, 2);
      w.string(JSON.stringify(v));
      break;
    default:
      writeMessage(w, type, v as Record<string, unknown>);
  }
  w.end(at);
}

/** A message of the schema's type from its JSON form; unknown JSON keys are not encoded. */
export function writeMessage(w: MessageWriter, type: string, obj: Record<string, unknown>): void {
  for (const [name, no, fieldType, inline, repeated, map, item] of fieldsOf(type)) {
    if (inline) {
      writeField(w, no, fieldType, obj);
      continue;
    }
    const v = obj[name];
    if (v === undefined || v === null) continue;
    if (repeated) {
      for (const x of v as unknown[]) writeField(w, no, item, x);
    } else if (map) {
      // Map entries {key 1, value 2}, keys sorted as the generated marshallers write them.
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [k, x] of entries) {
        w.tag(no, 2);
        const at = w.begin();
        w.tag(1, 2);
        w.string(k);
        writeField(w, 2, item, x);
        w.end(at);
      }
    } else writeField(w, no, fieldType, v);
  }
}
