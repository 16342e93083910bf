// Pod IPs are parsed by the hundred thousand on every model update; dotted IPv4 is done by hand
// (a char loop into a plain number: no regex, no split, no bigint), everything else goes through
// parseAddress.
import { parseAddress, parseCidr } from './cidr';
import type { CidrParse, IpFamily } from './cidr';

/** "10.32.1.2" → 169877762; -1 when not four dotted decimals 0..255 (a leading zero too, as Go's net.ParseIP). */
export function ipv4ToNumber(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}

export function fastParseAddress(text: string): { family: IpFamily; value: bigint } | undefined {
  if (!text.includes(':')) {
    const v = ipv4ToNumber(text);
    return v < 0 ? undefined : { family: 4, value: BigInt(v) };
  }
  return parseAddress(text);
}

/** parseCidr with the IPv4 fast path (5,000 node blocks per update); the same result or error. */
export function fastParseCidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  if (text.includes(':') || slash < 0) return parseCidr(text);
  const value = ipv4ToNumber(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (value < 0 || !/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) return parseCidr(text);
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(value / size) * size;
  return { ok: true, cidr: { family: 4, prefix, address: BigInt(value), start: BigInt(start), end: BigInt(start + size - 1), text } };
}
