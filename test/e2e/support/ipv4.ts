// IPv4 CIDR arithmetic for assertions (independent of the code under test on purpose).

export function span(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const start = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const prefix = bits === undefined ? 32 : Number(bits);
  return [start, start + 2 ** (32 - prefix) - 1];
}

export function overlaps(a: string, b: string): boolean {
  const [as, ae] = span(a);
  const [bs, be] = span(b);
  return as <= be && bs <= ae;
}

/** `inner` (a CIDR or an address) lies entirely inside `outer`. */
export function contains(outer: string, inner: string): boolean {
  const [os, oe] = span(outer);
  const [is, ie] = span(inner);
  return os <= is && ie <= oe;
}
