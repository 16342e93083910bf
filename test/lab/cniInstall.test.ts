// The bridge CNI installer against the lab cluster: install on a fresh `no-cni` cluster, idempotent
// re-install, exact uninstall, a preflight refusal per bad cluster, and real kubectl accepting the
// rendered manifest with a server-side dry-run.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runCli } from '../../src/cli/main';
import { KubeApi } from '../../src/kube/kubeApi';
import { runInstall } from '../../src/cni/install/installFlow';
import { loadKubeconfig } from '../../src/kube/kubeconfigLoader';
import { parseCidr, parseAddress, containsAddress } from '../../src/core/net/cidr';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';

interface Obj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string; hostNetwork?: boolean; podCIDR?: string };
  status?: { podIP?: string; phase?: string; conditions?: { type: string; status: string }[] };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), isInteractive: false, signal: new AbortController().signal });
  return { code, out, err };
}

const podnetKinds: [string, string][] = [
  ['v1', 'Namespace'],
  ['v1', 'ServiceAccount'],
  ['v1', 'ConfigMap'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['apps/v1', 'DaemonSet'],
];
function podnetObjects(lab: RunningLab): string[] {
  return podnetKinds.flatMap(([apiVersion, kind]) =>
    (lab.store.list(apiVersion, kind) as unknown as Obj[]).filter((o) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'podnet').map((o) =>
      `${kind} ${o.metadata.name}`
    )
  );
}

describe('lab: podnet cni install / uninstall', function() {
  this.timeout(60_000);
  let dir = '';
  const saved = process.env.PODNET_AGENT_SCRIPT;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-cni-lab-'));
    await build({
      entryPoints: ['src/cni/agent/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: join(dir, 'agent.js'),
      logLevel: 'warning',
    });
    process.env.PODNET_AGENT_SCRIPT = join(dir, 'agent.js');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.PODNET_AGENT_SCRIPT;
    else process.env.PODNET_AGENT_SCRIPT = saved;
  });

  describe('on a fresh no-cni cluster', () => {
    let lab: RunningLab;
    before(async () => {
      lab = await startLab({ scenario: 'no-cni', kubeconfigPath: join(dir, 'no-cni.kubeconfig') });
    });
    after(async () => lab?.stop());
    const kc = (): string[] => ['--kubeconfig', lab.kubeconfigPath, '--context', lab.contextName];

    it('real kubectl accepts the rendered manifest with a server-side dry-run', async () => {
      const rendered = await cli(['cni', 'render', '--cluster-cidr', '10.244.0.0/16']);
      assert.equal(rendered.code, 0, rendered.err);
      writeFileSync(join(dir, 'manifest.yaml'), rendered.out);
      // Async: the lab serves from this very process, so a blocking spawn would starve it.
      const r = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          'kubectl',
          ['--kubeconfig', lab.kubeconfigPath, '--context', lab.contextName, 'apply', '--server-side', '--dry-run=server', '-f', join(dir, 'manifest.yaml')],
          { timeout: 30_000 },
          (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        )
      );
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /daemonset\.apps\/podnet-bridge-cni serverside-applied \(server dry run\)/);
      assert.deepEqual(podnetObjects(lab), [], 'a dry run must not create anything');
    });

    it('a dry-run install previews the plan and changes nothing', async () => {
      const r = await cli(['cni', 'install', ...kc(), '--cluster-cidr', '10.244.0.0/16', '--dry-run']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Target: context "podnet-lab-no-cni", API server https:\/\/127\.0\.0\.1:\d+/);
      assert.match(r.out, /create\s+DaemonSet kube-system\/podnet-bridge-cni/);
      assert.deepEqual(podnetObjects(lab), []);
    });

    it('installs: the DaemonSet rolls out, every node turns Ready, pods get IPs from their node block', async () => {
      const r = await cli(['cni', 'install', ...kc(), '--cluster-cidr', '10.244.0.0/16', '--yes', '--timeout', '30']);
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      assert.match(r.out, /Podnet bridge CNI is ready on all 3 node\(s\)/);
      const nodes = lab.store.list('v1', 'Node') as unknown as Obj[];
      assert.equal(nodes.length, 3);
      for (const n of nodes) {
        assert.ok(n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'), `${n.metadata.name} Ready`);
        assert.match(r.out, new RegExp(`✓ ${n.metadata.name}: agent \\S+ Ready; node Ready`));
      }
      const blocks = new Map(nodes.map((n) => [n.metadata.name, parseCidr(n.spec?.podCIDR ?? '')]));
      const deadline = Date.now() + 10_000;
      let pods: Obj[] = [];
      for (;;) {
        pods = (lab.store.list('v1', 'Pod') as unknown as Obj[]).filter((p) => !p.spec?.hostNetwork);
        if (pods.length && pods.every((p) => p.status?.podIP)) break;
        assert.ok(Date.now() < deadline, `pods without IP: ${pods.filter((p) => !p.status?.podIP).map((p) => p.metadata.name).join(', ')}`);
        await new Promise((res) => setTimeout(res, 200));
      }
      for (const p of pods) {
        const block = blocks.get(p.spec?.nodeName ?? '');
        const address = parseAddress(p.status?.podIP ?? '');
        assert.ok(
          block?.ok && address && containsAddress(block.cidr, address.family, address.value),
          `${p.metadata.name} ${p.status?.podIP} outside its node block`,
        );
      }
      assert.equal(podnetObjects(lab).length, 8);
    });

    it('a second install reports no changes', async () => {
      const r = await cli(['cni', 'install', ...kc(), '--cluster-cidr', '10.244.0.0/16', '--yes', '--timeout', '30']);
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      assert.match(r.out, /No changes: every object was already as rendered\./);
      assert.ok(!/\bcreate\b|\bupdate\b/.test(r.out.split('\n').filter((l) => /^\s+(create|update|unchanged)\s/.test(l)).join('\n')), r.out);
    });

    it('completes an install interrupted halfway by running it again', async () => {
      lab.store.delete({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'podnet-bridge-cni' });
      lab.store.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'podnet-bridge-cni-agent' });
      const r = await cli(['cni', 'install', ...kc(), '--cluster-cidr', '10.244.0.0/16', '--yes', '--timeout', '30']);
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      assert.match(r.out, /create\s+ConfigMap kube-system\/podnet-bridge-cni-agent/);
      assert.match(r.out, /unchanged\s+ClusterRole podnet-bridge-cni/);
      assert.match(r.out, /Applied: 2 object\(s\) changed, 6 unchanged\./);
    });

    it('uninstall signals the agents, then leaves no Podnet object', async () => {
      const r = await cli(['cni', 'uninstall', ...kc(), '--yes', '--cleanup-timeout', '1']);
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      assert.match(r.out, /No Podnet object is left\./);
      assert.deepEqual(podnetObjects(lab), []);
      const again = await cli(['cni', 'uninstall', ...kc(), '--yes']);
      assert.match(again.out, /nothing to uninstall/);
    });
  });

  describe('a cluster that does not state its pod network (no kubeadm-config): the VS Code flow asks, never guesses', () => {
    let lab: RunningLab;
    before(async () => {
      lab = await startLab({ scenario: 'no-cni', kubeconfigPath: join(dir, 'cidr.kubeconfig') });
      lab.store.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'kubeadm-config' });
    });
    after(async () => lab?.stop());

    async function install(answer: string | undefined): Promise<{ outcome: string; asked: (string | undefined)[]; progress: string[] }> {
      const load = loadKubeconfig({ files: [lab.kubeconfigPath], origin: '--kubeconfig' }, lab.contextName);
      if (load.kind !== 'ok') throw new Error(load.message);
      const api = new KubeApi(load.kubeConfig);
      const asked: (string | undefined)[] = [];
      const progress: string[] = [];
      const report = await runInstall(api, { context: lab.contextName, server: api.server }, { agentScript: '// agent\n', rolloutTimeoutMs: 20_000 }, {
        progress: (m) => progress.push(m),
        confirm: async () => true,
        askClusterCidr: async (guess, blocks) => {
          asked.push(guess, ...blocks);
          // Asked before any dry-run progress.
          assert.ok(!progress.some((m) => /dry-run/i.test(m)), progress.join('\n'));
          return answer;
        },
      });
      return { outcome: report.outcome, asked, progress };
    }

    it('declining the question changes nothing; the guess is offered as a guess', async () => {
      const r = await install(undefined);
      assert.equal(r.outcome, 'declined');
      assert.deepEqual(r.asked, ['10.244.0.0/22', '10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
      assert.deepEqual(podnetObjects(lab), []);
    });

    it('the given CIDR is what the settings ConfigMap records', async () => {
      const r = await install('10.244.0.0/16');
      assert.equal(r.outcome, 'installed');
      const settings = lab.store.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'podnet-bridge-cni' }) as unknown as {
        data: Record<string, string>;
      };
      assert.equal(settings.data['cluster-cidr'], '10.244.0.0/16');
      assert.equal(settings.data['node-mask-size'], '24');
    });
  });

  describe('preflight refuses', () => {
    const cases: { scenario: string; expect: RegExp; extra?: string[] }[] = [
      { scenario: 'broken-no-podcidr', expect: /have no spec\.podCIDR/ },
      { scenario: 'broken-overlap', expect: /overlaps node \S+'s block/ },
      { scenario: 'broken-node-network', expect: /InternalIP \S+ lies inside/ },
      { scenario: 'broken-service-network', expect: /service network/ },
      { scenario: 'flannel', expect: /another CNI is already present: DaemonSet \S*flannel/ },
      { scenario: 'empty', expect: /the cluster has no nodes/ },
    ];
    for (const c of cases) {
      it(`${c.scenario}: ${c.expect.source}`, async () => {
        const lab = await startLab({ scenario: c.scenario, kubeconfigPath: join(dir, `${c.scenario}.kubeconfig`) });
        try {
          const r = await cli(['cni', 'install', '--kubeconfig', lab.kubeconfigPath, '--yes', ...(c.extra ?? [])]);
          assert.equal(r.code, 1, `${r.out}\n${r.err}`);
          assert.match(r.err, new RegExp(`Preflight refused the install into context "podnet-lab-${c.scenario}"`));
          assert.match(r.err, c.expect);
          assert.match(r.err, /Nothing was changed\./);
          assert.deepEqual(podnetObjects(lab), []);
        } finally {
          await lab.stop();
        }
      });
    }

    it('a context that may not list nodes, with the API error', async () => {
      const lab = await startLab({ scenario: 'no-cni', kubeconfigPath: join(dir, 'restricted.kubeconfig') });
      try {
        const r = await cli(['cni', 'install', '--kubeconfig', lab.kubeconfigPath, '--context', lab.restrictedContextName, '--yes']);
        assert.equal(r.code, 2);
        assert.match(r.err, /403/);
        assert.deepEqual(podnetObjects(lab), []);
      } finally {
        await lab.stop();
      }
    });
  });
});
