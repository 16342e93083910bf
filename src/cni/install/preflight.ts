// Install preflight over a cluster survey: pure, so every refusal is unit-tested. Each problem says
// what is wrong, where, and what to do.
import type { Cidr } from '../../core/net/cidr';
import { containsAddress, overlaps, parseAddress, parseCidr } from '../../core/net/cidr';
import { smallestCover } from '../../core/net/cover';
import type { ClusterSurvey } from './clusterSurvey';

export interface PreflightProblem {
  readonly code: 'no-nodes' | 'no-podcidr' | 'bad-cidr' | 'block-outside' | 'block-overlap' | 'node-network' | 'service-network' | 'other-cni' | 'mixed-mask';
  readonly message: string;
}

export interface PreflightResult {
  readonly problems: PreflightProblem[];
  /** Shown with the plan; the install goes ahead. */
  readonly warnings: string[];
  readonly clusterCidr?: string;
  readonly clusterCidrSource?: string;
  /** True when the cluster CIDR was inferred and the user must confirm it (the plan says so). */
  readonly clusterCidrInferred: boolean;
  readonly nodeMaskSize?: number;
}

export function preflight(survey: ClusterSurvey, requestedClusterCidr?: string): PreflightResult {
  const problems: PreflightProblem[] = [];
  if (survey.nodes.length === 0) problems.push({ code: 'no-nodes', message: 'the cluster has no nodes: nothing to install the bridge CNI on' });

  for (const other of survey.otherCnis) {
    problems.push({ code: 'other-cni', message: `another CNI is already present: ${other.what} ${other.why}. Two CNIs on one node fight over /etc/cni/net.d; remove the other one first, or keep it and do not install Podnet's` });
  }

  const missing = survey.nodes.filter((n) => n.podCIDRs.length === 0);
  if (missing.length) {
    problems.push({
      code: 'no-podcidr',
      message: `node(s) ${missing.map((n) => n.name).join(', ')} have no spec.podCIDR: the bridge CNI routes each node's block, so node CIDR allocation must be on (kube-controller-manager --allocate-node-cidrs --cluster-cidr=…, kubeadm init --pod-network-cidr=…)`,
    });
  }

  const blocks: { node: string; cidr: Cidr }[] = [];
  for (const n of survey.nodes) {
    for (const text of n.podCIDRs) {
      const parsed = parseCidr(text);
      if (!parsed.ok) problems.push({ code: 'bad-cidr', message: `node ${n.name} has an invalid podCIDR: ${parsed.error}` });
      else blocks.push({ node: n.name, cidr: parsed.cidr });
    }
  }

  // Which cluster CIDR: the user's, else what the cluster publishes, else the cover of the node blocks.
  let clusterCidr = requestedClusterCidr;
  let source = requestedClusterCidr ? '--cluster-cidr' : undefined;
  const published = survey.clusterCIDRs.find((c) => !c.cidr.includes(':')) ?? survey.clusterCIDRs[0];
  if (!clusterCidr && published) {
    clusterCidr = published.cidr;
    source = published.source;
  }
  let inferred = false;
  if (!clusterCidr) {
    const v4 = blocks.filter((b) => b.cidr.family === 4).map((b) => b.cidr);
    clusterCidr = smallestCover(v4.length ? v4 : blocks.map((b) => b.cidr));
    source = 'inferred from the node blocks';
    inferred = clusterCidr !== undefined;
  }
  const parsedCluster = clusterCidr ? parseCidr(clusterCidr) : undefined;
  if (parsedCluster && !parsedCluster.ok) problems.push({ code: 'bad-cidr', message: `cluster CIDR ${clusterCidr}: ${parsedCluster.error}` });
  const cluster = parsedCluster?.ok ? parsedCluster.cidr : undefined;

  if (cluster) {
    for (const b of blocks) {
      if (b.cidr.family === cluster.family && !(cluster.start <= b.cidr.start && b.cidr.end <= cluster.end)) {
        problems.push({ code: 'block-outside', message: `node ${b.node}'s block ${b.cidr.text} lies outside the cluster CIDR ${cluster.text} (${source})` });
      }
    }
  }
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      if (overlaps(blocks[i].cidr, blocks[j].cidr)) {
        problems.push({ code: 'block-overlap', message: `node ${blocks[i].node}'s block ${blocks[i].cidr.text} overlaps node ${blocks[j].node}'s block ${blocks[j].cidr.text}: pods would get duplicate IPs or unreachable routes` });
      }
    }
  }

  // Node network: no node address may fall inside the pod network (cluster CIDR or any block).
  // Blocks first: "inside node-1's block" is more telling than a cluster CIDR that may be inferred.
  const podRanges = [...blocks.map((b) => ({ label: `node ${b.node}'s block ${b.cidr.text}`, cidr: b.cidr })), ...(cluster ? [{ label: `the cluster CIDR ${cluster.text}`, cidr: cluster }] : [])];
  for (const n of survey.nodes) {
    for (const text of n.internalIPs) {
      const address = parseAddress(text);
      if (!address) continue;
      const hit = podRanges.find((r) => containsAddress(r.cidr, address.family, address.value));
      if (hit) problems.push({ code: 'node-network', message: `node ${n.name}'s InternalIP ${text} lies inside ${hit.label}: the pod network overlaps the node network, pick a pod CIDR away from the nodes' addresses` });
    }
  }

  // Service network: a published CIDR, else the ClusterIPs in use.
  for (const s of survey.serviceCIDRs) {
    const parsed = parseCidr(s.cidr);
    if (!parsed.ok) continue;
    const hit = podRanges.find((r) => overlaps(r.cidr, parsed.cidr));
    if (hit) problems.push({ code: 'service-network', message: `the service network ${s.cidr} (${s.source}) overlaps ${hit.label}: Services and pods would share addresses` });
  }
  for (const text of survey.serviceIPs) {
    const address = parseAddress(text);
    if (!address) continue;
    const hit = podRanges.find((r) => containsAddress(r.cidr, address.family, address.value));
    if (hit) {
      problems.push({ code: 'service-network', message: `Service ClusterIP ${text} lies inside ${hit.label}: the pod network overlaps the service network` });
      break;
    }
  }

  const masks = [...new Set(blocks.filter((b) => b.cidr.family === (cluster?.family ?? 4)).map((b) => b.cidr.prefix))];
  if (masks.length > 1) problems.push({ code: 'mixed-mask', message: `node blocks have different sizes (/${masks.join(', /')}): the bridge CNI expects one node mask size` });

  // A node that is Ready with no CNI installed has a CNI config already: its runtime's default
  // (containerd's 10-containerd-net.conflist) or a removed CNI's leftovers. If that file sorts
  // before 10-podnet.conflist, the runtime keeps using it; the installer cannot read node files,
  // so it says so here, and the agent on such a node reports the file by name (unready).
  const warnings: string[] = [];
  const readyWithoutCni = survey.podnetInstalled || survey.otherCnis.length ? [] : survey.nodes.filter((n) => n.ready).map((n) => n.name);
  if (readyWithoutCni.length) {
    warnings.push(
      `node(s) ${readyWithoutCni.join(', ')} are Ready with no CNI installed: their container runtime already has a CNI config in /etc/cni/net.d (e.g. containerd's 10-containerd-net.conflist, or a removed CNI's leftovers); a file that sorts before 10-podnet.conflist would keep winning — remove it (the Podnet agent names it and stays unready while it is there)`,
    );
  }

  return { problems, warnings, clusterCidr: cluster?.text ?? clusterCidr, clusterCidrSource: source, clusterCidrInferred: inferred, nodeMaskSize: masks[0] };
}
