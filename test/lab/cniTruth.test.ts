// The installer tells the truth, through the real built CLI (dist/cli.js) with real kubectl as the
// oracle: `cni install --yes` takes the pod network the cluster states (kubeadm-config) and refuses
// to guess one; the agents' readiness and reasons (the lab's kubelet plays the agent) reach the
// install output and `podnet inspect`; uninstall exits 0 only when every node confirmed its clean-up.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubectl } from './labKubectlSupport';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';

interface Run {
  code: number;
  out: string;
  err: string;
}

/** The built CLI in a child process (async: the lab serves from this very process). */
function podnet(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cli.js', ...args],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, out, err) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

interface InspectJson {
  podNetworks: { cidr: string; source: string }[];
  nodes: { name: string; agent: { reason: string; message: string } | null }[];
  findings: { rule: string; code: string; message: string; subjects: { kind: string; name: string }[] }[];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('lab: the CNI installer tells the truth (dist/cli.js, kubectl as oracle)', function() {
  this.timeout(120_000);
  let dir = '';
  before(() => {
    if (!existsSync('dist/cli.js') || !existsSync('dist/agent.js')) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'podnet-cni-truth-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('no-cni: a kubeadm cluster that states its pod network', () => {
    let lab: RunningLab;
    let kubectl: Kubectl;
    const kc = (): string[] => ['--kubeconfig', lab.kubeconfigPath, '--context', lab.contextName];
    const inspect = async (): Promise<InspectJson> => {
      const r = await podnet(['inspect', ...kc(), '--format', 'json', '--quiet']);
      assert.ok(r.code === 0 || r.code === 1, `${r.code}: ${r.err}`);
      return JSON.parse(r.out) as InspectJson;
    };
    before(async () => {
      lab = await startLab({ scenario: 'no-cni', kubeconfigPath: join(dir, 'no-cni.kubeconfig') });
      kubectl = new Kubectl(lab.kubeconfigPath);
    });
    after(async () => {
      kubectl?.dispose();
      await lab?.stop();
    });

    it('the lab context is named after the scenario', async () => {
      assert.equal(lab.contextName, 'podnet-lab-no-cni');
      assert.deepEqual((await kubectl.ok(['config', 'get-contexts', '-o', 'name'])).trim().split('\n').sort(), [
        'kubernetes-admin@podnet-lab-no-cni',
        'podnet-lab-no-cni',
        'podnet-lab-no-cni-restricted',
      ]);
    });

    it('kube-system/kubeadm-config states networking.podSubnet 10.244.0.0/16 and serviceSubnet 10.96.0.0/12', async () => {
      const text = await kubectl.ok(['get', 'configmap', '-n', 'kube-system', 'kubeadm-config', '-o', 'jsonpath={.data.ClusterConfiguration}']);
      assert.match(text, /^kind: ClusterConfiguration$/m);
      assert.match(text, /^ {2}podSubnet: 10\.244\.0\.0\/16$/m);
      assert.match(text, /^ {2}serviceSubnet: 10\.96\.0\.0\/12$/m);
    });

    it('install --yes without --cluster-cidr installs 10.244.0.0/16 from kubeadm-config; every agent reports ready', async () => {
      const r = await podnet(['cni', 'install', ...kc(), '--yes', '--timeout', '30']);
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      assert.match(r.out, /Cluster CIDR: 10\.244\.0\.0\/16 \(kubeadm-config podSubnet\), node mask \/24/);
      assert.match(r.out, /Podnet bridge CNI is ready on all 3 node\(s\)\./);
      for (const node of ['node-1', 'node-2', 'node-3']) {
        assert.match(r.out, new RegExp(`✓ ${node}: agent \\S+ Ready; node Ready; agent reports PodnetAgentReady`));
      }
      assert.equal(await kubectl.ok(['get', 'configmap', '-n', 'kube-system', 'podnet-bridge-cni', '-o', 'jsonpath={.data.cluster-cidr}']), '10.244.0.0/16');
      const readyEvents = await kubectl.ok([
        'get',
        'events',
        '-n',
        'kube-system',
        '--field-selector',
        'reason=PodnetAgentReady,reportingComponent=podnet-agent',
        '-o',
        'jsonpath={range .items[*]}{.reportingInstance}{"\\n"}{end}',
      ]);
      assert.deepEqual([...new Set(readyEvents.trim().split('\n'))].sort(), ['node-1', 'node-2', 'node-3']);
    });

    it("after install, inspect's pod network is Podnet's configured cluster CIDR (its settings ConfigMap)", async () => {
      // Done is done: inspect exits once it has printed, not when its --timeout (90 s here) runs out.
      const started = Date.now();
      const once = await podnet(['inspect', ...kc(), '--format', 'json', '--quiet', '--timeout', '90']);
      assert.equal(once.code, 0, once.err);
      assert.ok(Date.now() - started < 45_000, `inspect lingered ${Date.now() - started} ms after printing`);
      const report = await inspect();
      assert.deepEqual(report.podNetworks[0], { cidr: '10.244.0.0/16', source: 'ConfigMap podnet-bridge-cni cluster-cidr' });
      assert.deepEqual(report.nodes.map((n) => [n.name, n.agent?.reason]), [['node-1', 'PodnetAgentReady'], ['node-2', 'PodnetAgentReady'], [
        'node-3',
        'PodnetAgentReady',
      ]]);
      assert.deepEqual(report.findings.filter((f) => f.rule === 'PN199'), []);
    });

    it("an agent's unready reason reaches inspect's JSON (PN199 on that node) and the install output", async () => {
      await kubectl.ok(['annotate', 'node', 'node-2', 'lab.podnet.dev/agent-problem=net.bridge.bridge-nf-call-iptables is 0 and could not be set']);
      const report = await until('PN199 in inspect', async () => {
        const r = await inspect();
        return r.findings.some((f) => f.rule === 'PN199') ? r : undefined;
      });
      const finding = report.findings.find((f) => f.rule === 'PN199')!;
      assert.equal(finding.code, 'podnet-agent-unready');
      assert.deepEqual(finding.subjects, [{ kind: 'node', name: 'node-2' }]);
      assert.match(finding.message, /node node-2 is not ready: PodnetAgentProblem: node node-2: net\.bridge\.bridge-nf-call-iptables is 0/);
      assert.equal(report.nodes.find((n) => n.name === 'node-2')?.agent?.reason, 'PodnetAgentProblem');
      // kubectl sees the agent pod unready, as the real agent's readiness probe would make it.
      const ready = await kubectl.ok([
        'get',
        'pods',
        '-n',
        'kube-system',
        '-l',
        'app.kubernetes.io/name=podnet-bridge-cni',
        '--field-selector',
        'spec.nodeName=node-2',
        '-o',
        'jsonpath={.items[0].status.conditions[?(@.type=="Ready")].status}',
      ]);
      assert.equal(ready, 'False');

      const r = await podnet(['cni', 'install', ...kc(), '--yes', '--timeout', '2']);
      assert.equal(r.code, 1, `${r.out}\n${r.err}`);
      assert.match(r.err, /node node-2: agent reports PodnetAgentProblem: node node-2: net\.bridge\.bridge-nf-call-iptables is 0/);
      assert.match(r.out, /✗ node-2: agent \S+ not ready \(Running\); node Ready; agent reports PodnetAgentProblem: node node-2: net\.bridge/);
      assert.match(r.out, /✓ node-1: /);

      await kubectl.ok(['annotate', 'node', 'node-2', 'lab.podnet.dev/agent-problem-']);
      await until('PN199 gone', async () => ((await inspect()).findings.some((f) => f.rule === 'PN199') ? undefined : true));
    });

    it('a node re-registered with a block another node holds: the agent reports PodnetBlockConflict (PN199 and PN191 in inspect)', async () => {
      const node3 = lab.store.get({ apiVersion: 'v1', kind: 'Node', name: 'node-3' })!;
      const node1Block = (lab.store.get({ apiVersion: 'v1', kind: 'Node', name: 'node-1' })!.spec as { podCIDRs: string[] }).podCIDRs[0]!;
      const original = structuredClone(node3.spec);
      lab.store.update({ ...structuredClone(node3), spec: { ...(node3.spec as object), podCIDR: node1Block, podCIDRs: [node1Block] } });
      try {
        const report = await until('a block conflict', async () => {
          const r = await inspect();
          return r.nodes.find((n) => n.name === 'node-3')?.agent?.reason === 'PodnetBlockConflict' ? r : undefined;
        });
        const pn199 = report.findings.filter((f) => f.rule === 'PN199');
        assert.deepEqual(pn199.map((f) => f.subjects), [[{ kind: 'node', name: 'node-3' }]], 'only the later node is unready; node-1 keeps its block');
        assert.match(
          pn199[0]!.message,
          new RegExp(`block ${node1Block.replace(/[./]/g, '\\$&')} overlaps ${node1Block.replace(/[./]/g, '\\$&')} of node node-1, which claimed it first`),
        );
        assert.ok(report.findings.some((f) => f.rule === 'PN191'), 'the overlap itself is a finding too');
      } finally {
        const now = lab.store.get({ apiVersion: 'v1', kind: 'Node', name: 'node-3' })!;
        lab.store.update({ ...structuredClone(now), spec: original });
      }
      await until(
        'node-3 ready again',
        async () => ((await inspect()).nodes.find((n) => n.name === 'node-3')?.agent?.reason === 'PodnetAgentReady' ? true : undefined),
      );
    });

    it('uninstall exits 4 and warns, naming the node, when a node does not confirm its clean-up', async () => {
      await kubectl.ok(['annotate', 'node', 'node-3', 'lab.podnet.dev/agent-silent=true']);
      const r = await podnet(['cni', 'uninstall', ...kc(), '--yes', '--cleanup-timeout', '2']);
      assert.equal(r.code, 4, `${r.out}\n${r.err}`);
      assert.match(r.out, /✓ node-1: agent removed its routes, firewall rules and conflist/);
      assert.match(
        r.out,
        /✗ node-3: no PodnetAgentRemoved Event from this node's agent within 2 s: its clean-up is not confirmed\. On the node check \/etc\/cni\/net\.d\/10-podnet\.conflist, `ip route show proto 154`/,
      );
      assert.match(r.out, /Warning: 1 of 3 node\(s\) did not confirm the clean-up \(node-3\)/);
      assert.match(r.err, /warning: node-3 did not confirm/);
      assert.match(
        await kubectl.run(['get', 'daemonsets', '-n', 'kube-system', '-l', 'app.kubernetes.io/name=podnet-bridge-cni']).then((x) => x.stderr + x.stdout),
        /No resources found/,
      );
      await kubectl.ok(['annotate', 'node', 'node-3', 'lab.podnet.dev/agent-silent-']);
    });

    it('install again, then uninstall: every node confirms and the exit code is 0', async () => {
      const i = await podnet(['cni', 'install', ...kc(), '--yes', '--timeout', '30']);
      assert.equal(i.code, 0, `${i.out}\n${i.err}`);
      const r = await podnet(['cni', 'uninstall', ...kc(), '--yes', '--cleanup-timeout', '10']);
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      for (const node of ['node-1', 'node-2', 'node-3']) assert.match(r.out, new RegExp(`✓ ${node}: agent removed its routes`));
      assert.match(r.out, /Every node \(3\) confirmed its clean-up\./);
      assert.match(r.out, /No Podnet object is left\./);
      const removed = await kubectl.ok([
        'get',
        'events',
        '-n',
        'kube-system',
        '--field-selector',
        'reason=PodnetAgentRemoved',
        '-o',
        'jsonpath={range .items[*]}{.reportingInstance}{"\\n"}{end}',
      ]);
      assert.deepEqual([...new Set(removed.trim().split('\n'))].sort(), ['node-1', 'node-2', 'node-3']);
    });
  });

  describe('a cluster that does not state its pod network (no-cni without kubeadm-config)', () => {
    let lab: RunningLab;
    let kubectl: Kubectl;
    before(async () => {
      lab = await startLab({ scenario: 'no-cni', kubeconfigPath: join(dir, 'bare.kubeconfig') });
      kubectl = new Kubectl(lab.kubeconfigPath);
      await kubectl.ok(['delete', 'configmap', '-n', 'kube-system', 'kubeadm-config']);
    });
    after(async () => {
      kubectl?.dispose();
      await lab?.stop();
    });

    it('install --yes refuses without --cluster-cidr, names the flag, exits 3 and changes nothing', async () => {
      const r = await podnet(['cni', 'install', '--kubeconfig', lab.kubeconfigPath, '--yes']);
      assert.equal(r.code, 3, `${r.out}\n${r.err}`);
      assert.match(r.err, /Preflight refused the install into context "podnet-lab-no-cni"/);
      assert.match(r.err, /the cluster does not state its pod network .*pass it with --cluster-cidr/);
      assert.match(r.err, /10\.244\.0\.0\/22, a guess/);
      assert.match(r.err, /Nothing was changed\./);
      const left = await kubectl.run(['get', 'daemonsets,configmaps', '-n', 'kube-system', '-l', 'app.kubernetes.io/name=podnet-bridge-cni']);
      assert.match(left.stderr + left.stdout, /No resources found/);
    });

    it('with --cluster-cidr it installs that range', async () => {
      const r = await podnet(['cni', 'install', '--kubeconfig', lab.kubeconfigPath, '--yes', '--cluster-cidr', '10.244.0.0/16', '--timeout', '30']);
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      assert.match(r.out, /Cluster CIDR: 10\.244\.0\.0\/16 \(--cluster-cidr\)/);
      assert.equal(await kubectl.ok(['get', 'configmap', '-n', 'kube-system', 'podnet-bridge-cni', '-o', 'jsonpath={.data.cluster-cidr}']), '10.244.0.0/16');
    });
  });
});
