// What kops' own validation (pkg/apis/kops/validation/validation.go, validateNetworking) refuses
// about nonMasqueradeCIDR before it creates anything: an IPv6 value other than ::/0, a podCIDR
// outside it, and an overlap with the VPC (networkCIDR, additionalNetworkCIDRs) unless pods take
// VPC addresses (Amazon VPC CNI, Cilium's ENI IPAM). Reported as PN122 where the value is written.
import { containsRange, overlaps } from '../../net/cidr';
import type { RangeEntry } from '../addressRange';
import type { ExtractContext } from '../extractContext';

/** The fields as written (a podCIDR derived from nonMasqueradeCIDR fits it by construction). */
export type KopsNetworkFields = Readonly<Record<'nonMasquerade' | 'pods' | 'vpc', readonly RangeEntry[]>>;

/** podsInVpc: pods take VPC addresses, so kops lets nonMasqueradeCIDR and the VPC overlap. */
export function checkKopsNetworking(ctx: ExtractContext, component: string, f: KopsNetworkFields, podsInVpc: boolean): void {
  const nm = f.nonMasquerade.length === 1 ? f.nonMasquerade[0] : undefined;
  if (!nm?.value.ok) return;
  const v = nm.value;
  if (v.family === 6) {
    if (nm.text.trim() !== '::/0') ctx.problem('PN122', `nonMasqueradeCIDR ${nm.text}: kops requires "::/0" on IPv6 clusters (${component})`, nm.span);
    return;
  }
  for (const p of f.pods) {
    if (!p.value.ok || p.value.family !== 4 || containsRange(v, p.value)) continue;
    ctx.problem('PN122', `${p.field} ${p.text} must be a subnet of nonMasqueradeCIDR ${nm.text}: kops refuses the cluster (${component})`, p.span);
  }
  if (podsInVpc) return;
  for (const n of f.vpc) {
    if (!n.value.ok || !overlaps(v, n.value)) continue;
    ctx.problem('PN122', `nonMasqueradeCIDR ${nm.text} overlaps ${n.field} ${n.text}: kops refuses the cluster (${component})`, nm.span);
  }
}
