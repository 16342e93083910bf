// kubectl's typed commands (create namespace|configmap|secret|serviceaccount) send bodies as
// Kubernetes protobuf and do not fall back to JSON. This decodes those few kinds (the
// runtime.Unknown envelope, ObjectMeta and the kinds' own fields) into the JSON the lab stores.

const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Field {
  no: number;
  wire: number;
  value: bigint | Buffer;
}

function varint(buf: Buffer, at: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[at.i++];
    if (b === undefined) throw new Error('truncated protobuf varint');
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  const at = { i: 0 };
  while (at.i < buf.length) {
    const key = Number(varint(buf, at));
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, value: varint(buf, at) });
    else if (wire === 2) {
      const len = Number(varint(buf, at));
      out.push({ no, wire, value: buf.subarray(at.i, at.i + len) });
      at.i += len;
    } else if (wire === 1) at.i += 8;
    else if (wire === 5) at.i += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

const str = (f: Field | undefined): string | undefined => (f && Buffer.isBuffer(f.value) ? f.value.toString('utf8') : undefined);
const all = (fs: Field[], no: number): Field[] => fs.filter((f) => f.no === no);
const one = (fs: Field[], no: number): Field | undefined => fs.find((f) => f.no === no);

function map(fs: Field[], no: number, asBase64 = false): Record<string, string> | undefined {
  const entries = all(fs, no).map((f) => {
    const kv = fields(f.value as Buffer);
    const v = one(kv, 2);
    return [str(one(kv, 1)) ?? '', asBase64 ? (v ? (v.value as Buffer).toString('base64') : '') : (str(v) ?? '')] as const;
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function objectMeta(buf: Buffer): Record<string, unknown> {
  const fs = fields(buf);
  const meta: Record<string, unknown> = {};
  const s = (no: number, key: string): void => {
    const v = str(one(fs, no));
    if (v) meta[key] = v;
  };
  s(1, 'name');
  s(2, 'generateName');
  s(3, 'namespace');
  const labels = map(fs, 11);
  if (labels) meta.labels = labels;
  const annotations = map(fs, 12);
  if (annotations) meta.annotations = annotations;
  const finalizers = all(fs, 14).map(str).filter((x): x is string => Boolean(x));
  if (finalizers.length) meta.finalizers = finalizers;
  return meta;
}

type Decoder = (fs: Field[]) => Record<string, unknown>;
const decoders: Record<string, Decoder> = {
  'v1/Namespace': (fs) => {
    const spec = one(fs, 2);
    const finalizers = spec ? all(fields(spec.value as Buffer), 1).map(str) : [];
    return { ...(finalizers.length ? { spec: { finalizers } } : {}) };
  },
  'v1/ConfigMap': (fs) => ({
    ...(map(fs, 2) ? { data: map(fs, 2) } : {}),
    ...(map(fs, 3, true) ? { binaryData: map(fs, 3, true) } : {}),
    ...(one(fs, 4) ? { immutable: (one(fs, 4)?.value as bigint) !== 0n } : {}),
  }),
  'v1/Secret': (fs) => ({
    ...(map(fs, 2, true) ? { data: map(fs, 2, true) } : {}),
    ...(str(one(fs, 3)) ? { type: str(one(fs, 3)) } : {}),
    ...(map(fs, 4) ? { stringData: map(fs, 4) } : {}),
  }),
  'v1/ServiceAccount': () => ({}),
};

export const isProtobuf = (body: Buffer): boolean => body.length >= 4 && body.subarray(0, 4).equals(magic);

/** The JSON form of a protobuf body, or undefined for kinds the lab cannot decode. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> | undefined {
  const envelope = fields(body.subarray(4));
  const typeMeta = fields((one(envelope, 1)?.value as Buffer | undefined) ?? Buffer.alloc(0));
  const apiVersion = str(one(typeMeta, 1)) ?? '';
  const kind = str(one(typeMeta, 2)) ?? '';
  const decode = decoders[`${apiVersion}/${kind}`];
  const raw = one(envelope, 2)?.value as Buffer | undefined;
  if (!decode || !raw) return undefined;
  const fs = fields(raw);
  return { apiVersion, kind, metadata: objectMeta((one(fs, 1)?.value as Buffer | undefined) ?? Buffer.alloc(0)), ...decode(fs) };
}
