// Every rule: stable code, default severity, a one-line title. docs/rules.md has one anchor per code.
// PN190–PN199 are the live cluster's own findings (core/cluster/findings): one system of codes and
// docs, though they come from the cluster view and `podnet inspect`, not from linting files.
// PN200–PN208 are the connectivity check's findings (core/check/checkFindings), cluster-scoped too.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RuleInfo {
  readonly code: string;
  readonly title: string;
  readonly severity: Severity;
  /** `cluster`: found in the live cluster's state (not a manifest rule; severity fixed). */
  readonly scope: 'manifest' | 'cluster';
}

const rule = (code: string, severity: Severity, title: string): RuleInfo => ({ code, severity, title, scope: 'manifest' });
const clusterRule = (code: string, severity: Severity, title: string): RuleInfo => ({ code, severity, title, scope: 'cluster' });

export const RULES: readonly RuleInfo[] = [
  rule('PN101', 'error', 'Invalid CIDR or address'),
  rule('PN102', 'warning', 'Host bits set in a network address'),
  rule('PN103', 'error', 'Mixed or repeated address families in a dual-stack field'),
  rule('PN104', 'warning', 'Address outside the range it belongs to'),
  rule('PN110', 'error', 'Pod network overlaps the service network'),
  rule('PN111', 'error', 'Pod network overlaps the node network'),
  rule('PN112', 'error', 'Service network overlaps the node network'),
  rule('PN113', 'error', 'Load-balancer pool overlaps another network'),
  rule('PN114', 'error', 'Two pod networks overlap'),
  rule('PN115', 'warning', 'Secondary network overlaps a cluster network'),
  rule('PN116', 'error', 'Network in a reserved or forbidden range'),
  rule('PN120', 'error', 'Components disagree on the pod network'),
  rule('PN121', 'error', 'Components disagree on the service network'),
  rule('PN122', 'error', 'kops nonMasqueradeCIDR does not fit the cluster’s ranges'),
  rule('PN130', 'error', 'Flannel SubnetLen does not fit the Network'),
  rule('PN131', 'error', 'Calico blockSize out of range'),
  rule('PN132', 'warning', 'Node block size leaves too few node blocks'),
  rule('PN133', 'warning', 'Node block too small for maxPods'),
  rule('PN134', 'error', 'Whereabouts node slice larger than its range'),
  rule('PN135', 'warning', 'Pod network too small for the nodes the configuration asks for'),
  rule('PN140', 'warning', 'Dual-stack family order differs between components'),
  rule('PN150', 'error', 'Invalid JSON or YAML inside a string'),
  rule('PN151', 'error', 'Syntax error'),
  rule('PN152', 'warning', 'File not linted'),
  rule('PN153', 'warning', 'Invalid UTF-8 replaced'),
  rule('PN154', 'information', 'Helm chart template not linted'),
  rule('PN155', 'warning', 'YAML aliases not followed'),
  rule('PN160', 'error', 'Pod network overlaps node addresses of the live cluster'),
  rule('PN161', 'error', "Pod network overlaps the live cluster's service network"),
  rule('PN162', 'warning', 'Pod network disagrees with the blocks nodes already have'),
  rule('PN170', 'error', 'Cluster network overlaps a declared external network'),
  rule('PN171', 'error', 'Clusters of a mesh share pod or service addresses'),
  rule('PN180', 'error', 'Invalid .podnet.yaml'),
  rule('PN181', 'warning', 'Unused or unknown suppression'),
  clusterRule('PN190', 'error', "Pod IP outside its node's block"),
  clusterRule('PN191', 'error', 'Node blocks overlap'),
  clusterRule('PN192', 'error', 'Pod block overlaps the node network'),
  clusterRule('PN193', 'error', 'Pod block overlaps the service network'),
  clusterRule('PN194', 'warning', 'Pod network overlaps the service network (live cluster)'),
  clusterRule('PN195', 'warning', 'Node has no pod block'),
  clusterRule('PN196', 'error', 'Pod block exhausted'),
  clusterRule('PN197', 'warning', 'Pod block nearly exhausted'),
  clusterRule('PN198', 'error', 'Duplicate pod IP'),
  clusterRule('PN199', 'error', 'Podnet agent not ready on this node'),
  clusterRule('PN200', 'error', 'Pods on different nodes cannot reach each other'),
  clusterRule('PN201', 'error', 'Pods on the same node cannot reach each other'),
  clusterRule('PN202', 'error', 'NAT between pods'),
  clusterRule('PN203', 'error', 'Path MTU black hole'),
  clusterRule('PN204', 'warning', 'Pod and node cannot reach each other'),
  clusterRule('PN205', 'error', 'The kubernetes Service is unreachable'),
  clusterRule('PN206', 'error', 'Cluster DNS does not answer'),
  clusterRule('PN207', 'warning', 'Egress to the external target fails'),
  clusterRule('PN208', 'warning', 'Probes never reported'),
];

export const ruleByCode = new Map(RULES.map((r) => [r.code, r]));

/** Link target for a code; callers prefix the docs location (file URI or web URL). */
export const ruleAnchor = (code: string): string => `rules.md#${code.toLowerCase()}`;
