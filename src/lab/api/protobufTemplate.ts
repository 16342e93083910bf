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

/** One message type's template: encode(values) gives the bytes writeMessage would for the filled object. */
export class ProtobufTemplate {
  private constructor(private readonly parts: readonly Part[]) {}

  /** The template of `obj` (a message of `type`), whose strings that slotOf() names are slots. */
  static of(type: string, obj: Record<string, unknown>, slotOf: SlotOf): ProtobufTemplate {
    const w = new TemplateWriter(slotOf);
    writeMessage(w, type, obj);
    return new ProtobufTemplate(w.finish());
  }

  encode(values: readonly string[]): Buffer {
    // Each slot's bytes once (a value fills several places: a pod's start time a dozen).
    const filled: Filled = { strings: [], times: [], sizes: [], frame: 0 };
    for (let k = 0; k < values.length; k++) filled.strings.push(undefined);
    const total = measure(this.parts, values, filled);
    const out = Buffer.allocUnsafe(total);
    const at = write(this.parts, filled, out, 0);
    if (at !== total) throw new Error(`protobuf template wrote ${at} of ${total} bytes`);
    return out;
  }
}

interface Filled {
  /** A string slot's bytes: its UTF-8 length as a varint, then the UTF-8. */
  readonly strings: (Buffer | undefined)[];
  /** A Time slot's bytes: its {seconds, nanos} fields. */
  readonly times: (Buffer | undefined)[];
  /** Each frame's inner length, in pre-order. */
  readonly sizes: number[];
  frame: number;
}

function slotValue(values: readonly string[], slot: number): string {
  const v = values[slot];
  if (v === undefined) throw new Error(`protobuf template: no value for slot ${slot}`);
  return v;
}

function stringBytes(v: string): Buffer {
  const len = utf8Length(v);
  const out = Buffer.allocUnsafe(varintSize(len) + len);
  writeString(out, writeVarint(out, 0, len), v);
  return out;
}

/** The parts' encoded size, filling in each slot's bytes and each frame's size. */
function measure(parts: readonly Part[], values: readonly string[], f: Filled): number {
  let n = 0;
  for (const p of parts) {
    if (Buffer.isBuffer(p)) n += p.length;
    else if ('parts' in p) {
      const index = f.sizes.length;
      f.sizes.push(0);
      const inner = measure(p.parts, values, f);
      f.sizes[index] = inner;
      n += varintSize(inner) + inner;
    } else if (p.time) n += (f.times[p.slot] ??= timeBytes(slotValue(values, p.slot))).length; // the Time's fields: its frame holds the length
    else n += (f.strings[p.slot] ??= stringBytes(slotValue(values, p.slot))).length;
  }
  return n;
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

function write(parts: readonly Part[], f: Filled, out: Buffer, at: number): number {
  for (const p of parts) {
    let b: Buffer;
    if (Buffer.isBuffer(p)) b = p;
    else if ('parts' in p) {
      at = writeVarint(out, at, f.sizes[f.frame++]!);
      at = write(p.parts, f, out, at);
      continue;
    } else b = p.time ? f.times[p.slot]! : f.strings[p.slot]!;
    if (b.length > 32) out.set(b, at);
    else for (let i = 0; i < b.length; i++) out[at + i] = b[i]!;
    at += b.length;
  }
  return at;
}
