import assert from 'node:assert/strict';
import type { ClusterSurvey, SurveyNode } from '../../../src/cni/install/clusterSurvey';
import { preflight } from '../../../src/cni/install/preflight';

const node = (name: string, podCIDRs: string[], ip: string): SurveyNode => ({ name, podCIDRs, internalIPs: [ip], ready: false });
const healthy = (): ClusterSurvey => ({
  nodes: [node('n1', ['10.244.0.0/24'], '172.31.0.11'), node('n2', ['10.244.1.0/24'], '172.31.0.12')],
  serviceCIDRs: [],
  serviceIPs: ['10.96.0.1'],
  clusterCIDRs: [{ cidr: '10.244.0.0/16', source: 'kubeadm-config podSubnet' }],
  otherCnis: [],
});
const unstated = (): ClusterSurvey => ({ ...healthy(), clusterCIDRs: [] });
const codes = (s: ClusterSurvey, cidr?: string): string[] => preflight(s, cidr).problems.map((p) => p.code);

describe('cni install: preflight', () => {
  it('accepts a healthy cluster with the cluster CIDR and node mask it states', () => {
    const result = preflight(healthy());
    assert.deepEqual(result.problems, []);
    assert.equal(result.clusterCidr, '10.244.0.0/16');
    assert.equal(result.clusterCidrSource, 'kubeadm-config podSubnet');
    assert.equal(result.guessedClusterCidr, undefined);
    assert.equal(result.nodeMaskSize, 24);
  });

  it('never guesses the cluster CIDR: a cluster that states none is refused, naming --cluster-cidr and offering the cover as a guess', () => {
    const result = preflight(unstated());
    assert.deepEqual(result.problems.map((p) => p.code), ['no-cluster-cidr']);
    assert.equal(result.clusterCidr, undefined);
    assert.match(result.problems[0].message, /does not state its pod network .*pass it with --cluster-cidr/);
    assert.match(result.problems[0].message, /10\.244\.0\.0\/23, a guess/);
    assert.equal(result.guessedClusterCidr, '10.244.0.0/23');
    assert.deepEqual(preflight(unstated(), '10.244.0.0/16').problems, []);
  });

  it('takes one stated range per family (dual-stack) and a dual-stack --cluster-cidr', () => {
    const dual = {
      ...healthy(),
      clusterCIDRs: [{ cidr: '10.244.0.0/16', source: 'kubeadm-config podSubnet' }, { cidr: 'fd00:10:244::/56', source: 'kubeadm-config podSubnet' }, {
        cidr: '10.100.0.0/16',
        source: 'kube-proxy clusterCIDR',
      }],
    };
    assert.equal(preflight(dual).clusterCidr, '10.244.0.0/16,fd00:10:244::/56');
    assert.equal(preflight(unstated(), '10.244.0.0/16,2001:2::/48').clusterCidr, '10.244.0.0/16,2001:2::/48');
  });

  it('says what it could not read: DaemonSets refuse (another CNI cannot be ruled out), the rest warn', () => {
    const s = {
      ...unstated(),
      unreadable: [{ kind: 'DaemonSets', reason: 'forbidden (no)' }, { kind: 'ConfigMaps in kube-system', reason: 'forbidden (no)' }],
    };
    const r = preflight(s);
    assert.deepEqual(r.problems.map((p) => p.code), ['unreadable', 'no-cluster-cidr']);
    assert.match(r.problems[0].message, /could not read DaemonSets: forbidden/);
    assert.match(r.problems[1].message, /could not read ConfigMaps in kube-system: forbidden/);
    assert.ok(r.warnings.some((w) => /could not read ConfigMaps in kube-system: forbidden/.test(w)));
  });

  it('warns (without refusing) when nodes are Ready before any CNI: a runtime config may win by name', () => {
    assert.deepEqual(preflight(healthy()).warnings, []);
    const ready = { ...healthy(), nodes: [{ ...node('n1', ['10.244.0.0/24'], '172.31.0.11'), ready: true }, node('n2', ['10.244.1.0/24'], '172.31.0.12')] };
    const result = preflight(ready);
    assert.deepEqual(result.problems, []);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0], /node\(s\) n1 are Ready with no CNI installed: .*10-containerd-net\.conflist.*sorts before 10-podnet\.conflist/);
    assert.deepEqual(preflight({ ...ready, podnetInstalled: true }).warnings, [], 'a re-install: Podnet made them Ready');
  });

  it('prefers --cluster-cidr, then what the cluster states', () => {
    assert.equal(preflight(healthy(), '10.244.0.0/16').clusterCidrSource, '--cluster-cidr');
    const r = preflight(healthy());
    assert.equal(r.clusterCidr, '10.244.0.0/16');
    assert.equal(r.clusterCidrSource, 'kubeadm-config podSubnet');
  });

  it('refuses nodes without a podCIDR, naming them and the controller-manager flag', () => {
    const s = healthy();
    s.nodes.push(node('n3', [], '172.31.0.13'));
    const p = preflight(s).problems.find((x) => x.code === 'no-podcidr');
    assert.match(p?.message ?? '', /n3 have no spec\.podCIDR.*--allocate-node-cidrs/);
  });

  it('refuses overlapping node blocks', () => {
    const s = healthy();
    s.nodes[1] = node('n2', ['10.244.0.0/24'], '172.31.0.12');
    assert.deepEqual(codes(s), ['block-overlap']);
    s.nodes[1] = node('n2', ['10.244.0.128/25'], '172.31.0.12');
    assert.deepEqual(codes(s), ['block-overlap', 'mixed-mask']);
  });

  it('refuses a block outside the cluster CIDR', () => {
    assert.deepEqual(codes(healthy(), '10.244.1.0/24'), ['block-outside']);
  });

  it('refuses a pod network that covers a node address', () => {
    const s = healthy();
    s.nodes[0] = node('n1', ['10.244.0.0/24'], '10.244.3.7');
    const p = preflight(s, '10.244.0.0/16').problems;
    assert.deepEqual(p.map((x) => x.code), ['node-network']);
    assert.match(p[0].message, /n1's InternalIP 10\.244\.3\.7 lies inside the cluster CIDR 10\.244\.0\.0\/16/);
  });

  it('refuses a pod network overlapping the service network (published CIDR or ClusterIPs)', () => {
    const s = { ...healthy(), serviceCIDRs: [{ cidr: '10.244.0.0/20', source: 'kubeadm-config serviceSubnet' }] };
    assert.match(
      preflight(s, '10.244.0.0/16').problems[0].message,
      /service network 10\.244\.0\.0\/20 \(kubeadm-config serviceSubnet\) overlaps node n1.s block 10\.244\.0\.0\/24/,
    );
    const t = { ...healthy(), serviceIPs: ['10.244.7.1'] };
    assert.deepEqual(codes(t, '10.244.0.0/16'), ['service-network']);
  });

  it('refuses when another CNI is present', () => {
    const s = { ...healthy(), otherCnis: [{ what: 'DaemonSet kube-system/kube-flannel-ds', name: 'flannel' }] };
    assert.match(preflight(s).problems[0].message, /another CNI is already present: DaemonSet kube-system\/kube-flannel-ds \(flannel\)/);
  });

  it('refuses an empty cluster', () => {
    assert.ok(codes({ ...healthy(), nodes: [] }).includes('no-nodes'));
  });
});
