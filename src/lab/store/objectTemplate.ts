// Generated objects encoded from templates: each variant of a generator (storedEntry.ts) is built
// once with markers for its varying strings and encoded as JSON and as protobuf; an object is then
// its variant's bytes with its own strings and resourceVersion filled in. Serving a million
// generated pods cost the lab more than the client reading them (building each object, then
// JSON.stringify or the protobuf writer); filling costs a few µs and holds nothing per object.
// The bytes are those of encoding the built object: tests compare both for every variant.
import type { StoredObject } from './storedObject';
import type { GeneratedObjects, GeneratedTemplates } from './storedEntry';
import { withResourceVersion } from './objectMeta';
import { ProtobufTemplate } from '../api/protobufTemplate';
import { encodeMessage } from '../api/protobufEncoding';

/** Slot k's marker: a private-use character pair no generated string holds. Slot 0 is the resourceVersion. */
const marker = (k: number): string => `\uE000${k}\uE001`;
const markerPattern = /^\uE000(\d+)\uE001$/;
const slotOf = (s: string): number | undefined => {
  if (s.charCodeAt(0) !== 0xe000) return undefined;
  const m = markerPattern.exec(s);
  return m ? Number(m[1]) : undefined;
};

/** True when JSON.stringify(s) is s in quotes: printable ASCII without quote or backslash. */
function plainJson(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** JSON text of a template: constant bytes around slots, each slot a whole JSON string. */
class JsonTemplate {
  private readonly pieces: Buffer[] = [];
  private readonly slots: number[] = [];
  /** The pieces as text when they are ASCII: then plain values make a latin1 string, encoded in one pass. */
  private readonly asciiPieces: string[] | undefined;
  constructor(json: string) {
    const re = /"\uE000(\d+)\uE001"/g;
    let last = 0;
    const text: string[] = [];
    for (let m = re.exec(json); m; m = re.exec(json)) {
      text.push(json.slice(last, m.index));
      this.slots.push(Number(m[1]));
      last = m.index + m[0].length;
    }
    text.push(json.slice(last));
    if (text.some((p) => p.includes('\uE000'))) throw new Error('generated template: a slot marker inside a longer string (a slot is a whole string value)');
    this.pieces = text.map((p) => Buffer.from(p));
    this.asciiPieces = this.pieces.every((b, i) => b.length === text[i]!.length) ? text : undefined;
  }
  fill(values: readonly string[]): Buffer {
    const ascii = this.asciiPieces;
    if (ascii && this.slots.every((k) => plainJson(values[k]!))) {
      let s = ascii[0]!;
      for (let i = 0; i < this.slots.length; i++) s += `"${values[this.slots[i]!]!}"${ascii[i + 1]!}`;
      return Buffer.from(s, 'latin1');
    }
    // Plain values are written between quotes as they are; others as JSON.stringify writes them.
    const quoted: (Buffer | undefined)[] = [];
    let total = 0;
    for (const p of this.pieces) total += p.length;
    for (let i = 0; i < this.slots.length; i++) {
      const v = values[this.slots[i]!]!;
      if (plainJson(v)) {
        quoted.push(undefined);
        total += v.length + 2;
      } else {
        const b = Buffer.from(JSON.stringify(v));
        quoted.push(b);
        total += b.length;
      }
    }
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const piece = this.pieces[i]!;
      out.set(piece, at);
      at += piece.length;
      const q = quoted[i];
      if (q) {
        out.set(q, at);
        at += q.length;
      } else {
        const v = values[this.slots[i]!]!;
        out[at++] = 0x22;
        for (let j = 0; j < v.length; j++) out[at++] = v.charCodeAt(j);
        out[at++] = 0x22;
      }
    }
    out.set(this.pieces[this.slots.length]!, at);
    return out;
  }
}

interface Variant {
  readonly json: JsonTemplate;
  /** Built on first protobuf read: a JSON-only lab never pays for it. */
  protobuf?: ProtobufTemplate;
  readonly template: StoredObject;
  /** The object the variant was made from, to check the template's bytes against its own encoding. */
  readonly first: number;
}

/** The encodings of one generator's objects, by template. */
export class TemplateEncoder {
  private readonly variants = new Map<number, Variant>();
  constructor(private readonly source: GeneratedObjects, private readonly templates: GeneratedTemplates) {}

  private variant(index: number): Variant {
    const v = this.templates.variantOf(index);
    let variant = this.variants.get(v);
    if (!variant) {
      const template = withResourceVersion(this.templates.templateAt(index, (k) => marker(k + 1)), marker(0));
      variant = { json: new JsonTemplate(JSON.stringify(template)), template, first: index };
      const built = JSON.stringify(withResourceVersion(this.source.at(index), '1'));
      this.check('JSON', variant, variant.json.fill(this.values(index, 1)).toString() === built);
      this.variants.set(v, variant);
    }
    return variant;
  }

  /** A generator whose template is not its object is the lab's bug: said at once, never served. */
  private check(encoding: string, variant: Variant, same: boolean): void {
    if (!same) {
      throw new Error(`generated ${this.source.kind} ${variant.first}: its ${encoding} from the template differs from encoding the object it builds`);
    }
  }

  private values(index: number, rv: number): string[] {
    return [String(rv), ...this.templates.slotsOf(index)];
  }

  json(index: number, rv: number): Buffer {
    return this.variant(index).json.fill(this.values(index, rv));
  }

  /** The object's message bytes by its kind's schema (as encodeMessage(kind, object) writes them). */
  protobuf(index: number, rv: number): Buffer {
    const variant = this.variant(index);
    if (!variant.protobuf) {
      const protobuf = ProtobufTemplate.of(this.source.kind, variant.template as unknown as Record<string, unknown>, slotOf);
      const built = encodeMessage(this.source.kind, withResourceVersion(this.source.at(variant.first), '1') as unknown as Record<string, unknown>);
      this.check('protobuf', variant, protobuf.encode(this.values(variant.first, 1)).equals(built));
      variant.protobuf = protobuf;
    }
    return variant.protobuf.encode(this.values(index, rv));
  }
}
