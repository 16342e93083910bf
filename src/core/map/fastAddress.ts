// Pod IPs are parsed by the hundred thousand on every model update; dotted IPv4 is done by hand
// (ip-address objects cost microseconds each), everything else goes through parseAddress.
import { parseAddress } from '../net/cidr';
import type { IpFamily } from '../net/cidr';

export function fastParseAddress(text: string): { family: IpFamily; value: bigint } | undefined {
  if (!text.includes(':')) {
    const parts = text.split('.');
    if (parts.length !== 4) return undefined;
    let v = 0;
    for (const part of parts) {
      if (!/^\d{1,3}$/.test(part)) return undefined;
      const n = Number(part);
      if (n > 255) return undefined;
      v = v * 256 + n;
    }
    return { family: 4, value: BigInt(v) };
  }
  return parseAddress(text);
}
