// Install preflight over a cluster survey: pure, so every refusal is unit-tested. Each problem says
// what is wrong, where, and what to do.
import type { Cidr } from '../../core/net/cidr';
import { containsAddress, containsRange, overlaps, parseAddress, parseCidr } from '../../core/net/cidr';
import { smallestCover } from '../../core/net/cover';
import type { ClusterSurvey } from './clusterSurvey';

export interface PreflightProblem {
  readonly code:
    | 'no-nodes'
    | 'no-podcidr'
    | 'bad-cidr'
    | 'block-outside'
    | 'block-overlap'
    | 'node-network'
    | 'service-network'
    | 'other-cni'
    | 'mixed-mask'
    | 'unreadable'
    /** Neither the cluster nor --cluster-cidr states the pod network: never guessed. */
    | 'no-cluster-cidr';
  readonly message: string;
}

export interface PreflightResult {
  readonly problems: PreflightProblem[];
  /** Shown with the plan; the install goes ahead. */
  readonly warnings: string[];
  /** The cluster CIDR to install: one range per family, comma-separated (dual-stack). */
  readonly clusterCidr?: string;
  readonly clusterCidrSource?: string;
  /**
   * When neither the cluster nor --cluster-cidr states the pod network: the smallest range covering
   * the node blocks, to offer as a guess (never applied without being confirmed).
   */
  readonly guessedClusterCidr?: string;
  readonly nodeMaskSize?: number;
}

/** The stated range of each family, first source first (kube-controller-manager takes one per family). */
function perFamily(cidrs: readonly { cidr: string; source: string }[]): { cidr: string; source: string }[] {
  const chosen = new Map<4 | 6, { cidr: string; source: string }>();
  for (const c of cidrs) {
    const parsed = parseCidr(c.cidr);
    if (parsed.ok && !chosen.has(parsed.cidr.family)) chosen.set(parsed.cidr.family, { cidr: parsed.cidr.text, source: c.source });
  }
  return [...chosen.values()];
}

export function preflight(survey: ClusterSurvey, requestedClusterCidr?: string): PreflightResult {
  const problems: PreflightProblem[] = [];
  if (survey.nodes.length === 0) problems.push({ code: 'no-nodes', message: 'the cluster has no nodes: nothing to install the bridge CNI on' });

  for (const other of survey.otherCnis) {
    problems.push({
      code: 'other-cni',
      message: `another CNI is already present: ${other.what}${
        other.name ? ` (${other.name})` : ''
      }. Two CNIs on one node fight over /etc/cni/net.d; remove the other one first, or keep it and do not install Podnet's`,
    });
  }
  const unreadable = survey.unreadable ?? [];
  for (const u of unreadable.filter((x) => x.kind === 'DaemonSets')) {
    problems.push({
      code: 'unreadable',
      message:
        `could not read ${u.kind}: ${u.reason}; whether another CNI is installed cannot be checked (grant list on daemonsets, or install from a context that may)`,
    });
  }

  const missing = survey.nodes.filter((n) => n.podCIDRs.length === 0);
  if (missing.length) {
    problems.push({
      code: 'no-podcidr',
      message: `node(s) ${
        missing.map((n) => n.name).join(', ')
      } have no spec.podCIDR: the bridge CNI routes each node's block, so node CIDR allocation must be on (kube-controller-manager --allocate-node-cidrs --cluster-cidr=…, kubeadm init --pod-network-cidr=…)`,
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

  // Which cluster CIDR: the user's, else what the cluster states (one per family). Never a guess.
  const chosen = requestedClusterCidr
    ? requestedClusterCidr.split(',').map((cidr) => ({ cidr: cidr.trim(), source: '--cluster-cidr' }))
    : perFamily(survey.clusterCIDRs);
  const source = [...new Set(chosen.map((c) => c.source))].join(', ') || undefined;
  const clusters: Cidr[] = [];
  for (const c of chosen) {
    const parsed = parseCidr(c.cidr);
    if (!parsed.ok) problems.push({ code: 'bad-cidr', message: `cluster CIDR ${c.cidr} (${c.source}): ${parsed.error}` });
    else clusters.push(parsed.cidr);
  }
  let guessed: string | undefined;
  if (chosen.length === 0) {
    const v4 = blocks.filter((b) => b.cidr.family === 4).map((b) => b.cidr);
    guessed = smallestCover(v4.length ? v4 : blocks.map((b) => b.cidr));
    const notRead = unreadable.filter((u) => u.kind !== 'DaemonSets').map((u) => `could not read ${u.kind}: ${u.reason}`);
    problems.push({
      code: 'no-cluster-cidr',
      message: `the cluster does not state its pod network (no kubeadm-config podSubnet, kube-controller-manager --cluster-cidr or Podnet settings ConfigMap${
        notRead.length ? `; ${notRead.join('; ')}` : ''
      }): pass it with --cluster-cidr (one range per family, comma-separated for dual-stack)${
        guessed ? `; the node blocks fit in ${guessed}, a guess, not necessarily the range the cluster allocates from` : ''
      }`,
    });
  }
  const clusterOf = (family: 4 | 6): Cidr | undefined => clusters.find((c) => c.family === family);

  for (const b of blocks) {
    const cluster = clusterOf(b.cidr.family);
    if (cluster && !containsRange(cluster, b.cidr)) {
      problems.push({ code: 'block-outside', message: `node ${b.node}'s block ${b.cidr.text} lies outside the cluster CIDR ${cluster.text} (${source})` });
    }
  }
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      if (overlaps(blocks[i].cidr, blocks[j].cidr)) {
        problems.push({
          code: 'block-overlap',
          message: `node ${blocks[i].node}'s block ${blocks[i].cidr.text} overlaps node ${blocks[j].node}'s block ${
            blocks[j].cidr.text
          }: pods would get duplicate IPs or unreachable routes`,
        });
      }
    }
  }

  // Node network: no node address may fall inside the pod network (cluster CIDR or any block).
  // Blocks first: "inside node-1's block" says more than the whole cluster CIDR.
  const podRanges = [
    ...blocks.map((b) => ({ label: `node ${b.node}'s block ${b.cidr.text}`, cidr: b.cidr })),
    ...clusters.map((c) => ({ label: `the cluster CIDR ${c.text}`, cidr: c })),
  ];
  for (const n of survey.nodes) {
    for (const text of n.internalIPs) {
      const address = parseAddress(text);
      if (!address) continue;
      const hit = podRanges.find((r) => containsAddress(r.cidr, address.family, address.value));
      if (hit) {
        problems.push({
          code: 'node-network',
          message:
            `node ${n.name}'s InternalIP ${text} lies inside ${hit.label}: the pod network overlaps the node network, pick a pod CIDR away from the nodes' addresses`,
        });
      }
    }
  }

  // Service network: a published CIDR, else the ClusterIPs in use.
  for (const s of survey.serviceCIDRs) {
    const parsed = parseCidr(s.cidr);
    if (!parsed.ok) continue;
    const hit = podRanges.find((r) => overlaps(r.cidr, parsed.cidr));
    if (hit) {
      problems.push({
        code: 'service-network',
        message: `the service network ${s.cidr} (${s.source}) overlaps ${hit.label}: Services and pods would share addresses`,
      });
    }
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

  const maskFamily = clusters.find((c) => c.family === 4)?.family ?? clusters[0]?.family ?? 4;
  const masks = [...new Set(blocks.filter((b) => b.cidr.family === maskFamily).map((b) => b.cidr.prefix))];
  if (masks.length > 1) {
    problems.push({ code: 'mixed-mask', message: `node blocks have different sizes (/${masks.join(', /')}): the bridge CNI expects one node mask size` });
  }

  // A node that is Ready with no CNI installed has a CNI config already: its runtime's default
  // (containerd's 10-containerd-net.conflist) or a removed CNI's leftovers. If that file sorts
  // before 10-podnet.conflist, the runtime keeps using it; the installer cannot read node files,
  // so it says so here, and the agent on such a node reports the file by name (unready).
  const warnings: string[] = [];
  const readyWithoutCni = survey.podnetInstalled || survey.otherCnis.length ? [] : survey.nodes.filter((n) => n.ready).map((n) => n.name);
  if (readyWithoutCni.length) {
    warnings.push(
      `node(s) ${
        readyWithoutCni.join(', ')
      } are Ready with no CNI installed: their container runtime already has a CNI config in /etc/cni/net.d (e.g. containerd's 10-containerd-net.conflist, or a removed CNI's leftovers); a file that sorts before 10-podnet.conflist would keep winning — remove it (the Podnet agent names it and stays unready while it is there)`,
    );
  }

  for (const u of unreadable.filter((x) => x.kind !== 'DaemonSets')) {
    warnings.push(`could not read ${u.kind}: ${u.reason}; what it would state was not checked`);
  }

  return {
    problems,
    warnings,
    clusterCidr: clusters.length ? clusters.map((c) => c.text).join(',') : undefined,
    clusterCidrSource: source,
    ...(guessed ? { guessedClusterCidr: guessed } : {}),
    nodeMaskSize: masks[0],
  };
}
