// A message encoded once with slot markers in place of its varying strings, then filled per object:
// the constant bytes are copied, each slot's string (or meta.Time) is written, and only the lengths
// of the nested messages that hold slots are computed again. The lab serves a million generated
// pods that differ in a few strings each (store/objectTemplate.ts); encoding each afresh cost ~45 µs.
import type { MessageWriter } from './protobufWriter';
import { ProtoWriter, varintSize, writeMessage } from './protobufWriter';

/** A slot's marker, as it stands in the template object: the whole string value, never part of one. */
export type SlotOf = (s: string) => number | undefined;

interface StringSlot {
  readonly slot: number;
  readonly time: false;
}
interface TimeSlot {
  readonly slot: number;
  readonly time: true;
}
/** A length-delimited value holding slots: its length is known only once they are filled. */
interface Frame {
  readonly parts: readonly Part[];
}
type Part = Buffer | StringSlot | TimeSlot | Frame;

class TemplateWriter implements MessageWriter {
  private readonly literal = new ProtoWriter();
  private readonly stack: Part[][] = [[]];
  constructor(private readonly slotOf: SlotOf) {}

  private flush(): void {
    if (this.literal.length > 0) this.stack[this.stack.length - 1]!.push(this.literal.take());
  }
  varint(n: number | bigint): void {
    this.literal.varint(n);
  }
  tag(no: number, wire: number): void {
    this.literal.tag(no, wire);
  }
  bytes(b: Uint8Array): void {
    this.literal.bytes(b);
  }
  double(v: number): void {
    this.literal.double(v);
  }
  string(s: string): void {
    const slot = this.slotOf(s);
    if (slot === undefined) return this.literal.string(s);
    this.flush();
    this.stack[this.stack.length - 1]!.push({ slot, time: false });
  }
  time(v: unknown): void {
    const slot = typeof v === 'string' ? this.slotOf(v) : undefined;
    if (slot === undefined) return this.literal.time(v);
    this.flush();
    this.stack[this.stack.length - 1]!.push({ slot, time: true });
  }
  begin(): number {
    this.flush();
    this.stack.push([]);
    return 0;
  }
  end(): void {
    this.flush();
    const parts = this.stack.pop()!;
    if (parts.every((p) => Buffer.isBuffer(p))) {
      // No slot inside: a constant length and constant bytes.
      const inner = Buffer.concat(parts as Buffer[]);
      this.literal.varint(inner.length);
      this.flush();
      this.stack[this.stack.length - 1]!.push(inner);
    } else this.stack[this.stack.length - 1]!.push({ parts });
  }
  /** The template's parts, adjacent constant bytes merged. */
  finish(): Part[] {
    this.flush();
    return merge(this.stack[0]!);
  }
}

function merge(parts: readonly Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    const q = Buffer.isBuffer(p) || !('parts' in p) ? p : { parts: merge(p.parts) };
    if (Buffer.isBuffer(q) && last && Buffer.isBuffer(last)) out[out.length - 1] = Buffer.concat([last, q]);
    else out.push(q);
  }
  return out;
}

/** A meta.Time's message bytes by its JSON form (generated objects share a few hundred times). */
const times = new Map<string, Buffer>();
function timeBytes(v: string): Buffer {
  let b = times.get(v);
  if (!b) {
    const w = new ProtoWriter();
    w.time(v);
    b = w.take();
    if (times.size > 10_000) times.clear();
    times.set(v, b);
  }
  return b;
}

const CONST = 0;
const STRING = 1;
const TIME = 2;
const BEGIN = 3;
const END = 4;

/**
 * One message type's template: encode(values) gives the bytes writeMessage would for the filled
 * object. The parts are compiled into one flat list of (op, arg) pairs over one buffer of constant
 * bytes: a pod is two passes over small integers (sizes, then bytes), no object per slot.
 */
export class ProtobufTemplate {
  private readonly ops: Int32Array;
  private readonly constants: Buffer;
  /** Each constant as a view of `constants` (TypedArray.set without a view made per copy). */
  private readonly constViews: Buffer[];
  private readonly constStart: Int32Array;
  private readonly constLength: Int32Array;
  /** Scratch of one encode (encode is synchronous): each string slot's UTF-8 length, each Time slot's bytes, each frame's size. */
  private readonly stringLengths: Int32Array;
  private readonly timeSlots: (Buffer | undefined)[];
  private readonly sizes: Int32Array;
  private readonly stack: Int32Array;

  private constructor(parts: readonly Part[]) {
    const ops: number[] = [];
    const constants: Buffer[] = [];
    let slots = 0;
    let frames = 0;
    let depth = 0;
    const compile = (list: readonly Part[], level: number): void => {
      depth = Math.max(depth, level);
      for (const p of list) {
        if (Buffer.isBuffer(p)) {
          ops.push(CONST, constants.length);
          constants.push(p);
        } else if ('parts' in p) {
          const frame = frames++;
          ops.push(BEGIN, frame);
          compile(p.parts, level + 1);
          ops.push(END, frame);
        } else {
          ops.push(p.time ? TIME : STRING, p.slot);
          slots = Math.max(slots, p.slot + 1);
        }
      }
    };
    compile(parts, 0);
    this.ops = Int32Array.from(ops);
    this.constants = Buffer.concat(constants);
    this.constViews = [];
    this.constStart = new Int32Array(constants.length);
    this.constLength = new Int32Array(constants.length);
    let at = 0;
    constants.forEach((c, i) => {
      this.constStart[i] = at;
      this.constLength[i] = c.length;
      this.constViews.push(this.constants.subarray(at, at + c.length));
      at += c.length;
    });
    this.stringLengths = new Int32Array(slots);
    this.timeSlots = new Array<Buffer | undefined>(slots).fill(undefined);
    this.sizes = new Int32Array(frames);
    this.stack = new Int32Array(depth + 1);
  }

  /** The template of `obj` (a message of `type`), whose strings that slotOf() names are slots. */
  static of(type: string, obj: Record<string, unknown>, slotOf: SlotOf): ProtobufTemplate {
    const w = new TemplateWriter(slotOf);
    writeMessage(w, type, obj);
    return new ProtobufTemplate(w.finish());
  }

  encode(values: readonly string[]): Buffer {
    this.stringLengths.fill(-1);
    this.timeSlots.fill(undefined);
    const total = this.measure(values);
    const out = Buffer.allocUnsafe(total);
    const at = this.write(values, out);
    if (at !== total) throw new Error(`protobuf template wrote ${at} of ${total} bytes`);
    return out;
  }

  /** The encoded size; fills in each slot's length or bytes and each frame's size. */
  private measure(values: readonly string[]): number {
    const { ops, stack, sizes } = this;
    let n = 0;
    let sp = 0;
    for (let i = 0; i < ops.length; i += 2) {
      const arg = ops[i + 1]!;
      switch (ops[i]) {
        case CONST:
          n += this.constLength[arg]!;
          break;
        case STRING: {
          let len = this.stringLengths[arg]!;
          if (len < 0) this.stringLengths[arg] = len = utf8Length(slotValue(values, arg));
          n += varintSize(len) + len;
          break;
        }
        case TIME:
          // The Time's fields: its frame holds the length.
          n += (this.timeSlots[arg] ??= timeBytes(slotValue(values, arg))).length;
          break;
        case BEGIN:
          stack[sp++] = n;
          break;
        case END: {
          const start = stack[--sp]!;
          const inner = n - start;
          sizes[arg] = inner;
          n = start + varintSize(inner) + inner;
          break;
        }
      }
    }
    return n;
  }

  private write(values: readonly string[], out: Buffer): number {
    const { ops } = this;
    let at = 0;
    for (let i = 0; i < ops.length; i += 2) {
      const arg = ops[i + 1]!;
      switch (ops[i]) {
        case CONST: {
          const start = this.constStart[arg]!;
          const len = this.constLength[arg]!;
          if (len > 16) out.set(this.constViews[arg]!, at);
          else for (let k = 0; k < len; k++) out[at + k] = this.constants[start + k]!;
          at += len;
          break;
        }
        case STRING:
          at = writeString(out, writeVarint(out, at, this.stringLengths[arg]!), values[arg]!);
          break;
        case TIME: {
          const b = this.timeSlots[arg]!;
          for (let k = 0; k < b.length; k++) out[at + k] = b[k]!;
          at += b.length;
          break;
        }
        case BEGIN:
          at = writeVarint(out, at, this.sizes[arg]!);
          break;
      }
    }
    return at;
  }
}

function slotValue(values: readonly string[], slot: number): string {
  const v = values[slot];
  if (v === undefined) throw new Error(`protobuf template: no value for slot ${slot}`);
  return v;
}

/** A string's UTF-8 length; the short ASCII strings of generated objects without Buffer.byteLength's call cost. */
function utf8Length(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, 'utf8');
  return s.length;
}

/** Writes a string as UTF-8: ASCII byte by byte (cheaper than Buffer.write for a few dozen characters). */
export function writeString(out: Buffer, at: number, s: string): number {
  if (s.length > 64 || utf8Length(s) !== s.length) return at + out.write(s, at, 'utf8');
  for (let i = 0; i < s.length; i++) out[at++] = s.charCodeAt(i);
  return at;
}

function writeVarint(out: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[at++] = n;
  return at;
}
