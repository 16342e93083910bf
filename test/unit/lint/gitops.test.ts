import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import type { Finding } from '../../../src/core/lint/finding';
import { GITOPS, lintGitops } from './gitopsRepo';

const rel = (f: string) => f.slice(f.indexOf(GITOPS) + GITOPS.length + 1);
/** `file:line code [cluster] severity` per finding (1-based lines), sorted. */
const summary = (fs: readonly Pick<Finding, 'file' | 'start' | 'code' | 'cluster' | 'severity'>[]) =>
  fs.map((f) => `${rel(f.file)}:${f.start.line + 1} ${f.code} ${f.cluster ?? '-'} ${f.severity}`).sort();

// What the test repository must give, every finding and every suppression (see its SOURCES.md).
const EXPECTED = [
  'clusters/prod/calico-pool.yaml:7 PN181 - warning', // the PN110 suppression that suppresses nothing
  'clusters/prod/kubeadm.yaml:6 PN171 prod error', // mesh: prod's service network is staging's
  'clusters/staging/flannel.yaml:9 PN120 staging error', // staging's real mistake, reported in staging only
  'clusters/staging/kubeadm.yaml:6 PN171 staging error',
  'edge/west/metallb.yaml:7 PN170 edge-west warning', // inside the declared office network (rules: PN170 warning)
  'shared/metallb.yaml:8 PN170 default warning', // the default cluster is checked against networks too
];
const SUPPRESSED = [
  'edge/east/config.yaml:3 PN113 edge-east error',
  'edge/east/metallb.yaml:8 PN113 edge-east error',
  'edge/west/metallb.yaml:16 PN102 - warning',
];

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['lint', ...args], { out: (t) => (out += t), err: (t) => (err += t), isInteractive: false, signal: new AbortController().signal });
  return { code, out, err };
}

describe('the GitOps test repository (clusters, networks, mesh, suppressions)', () => {
  it('engine: exactly the expected findings and suppressions', () => {
    const r = lintGitops();
    assert.deepEqual(summary(r.findings), EXPECTED);
    assert.deepEqual(summary(r.suppressed.map((s) => s.finding)), SUPPRESSED);
    assert.deepEqual(r.suppressed.map((s) => s.reason).sort(), [
      'the lab VLAN pool (metallb.yaml) is routed separately',
      'this pool is only announced on the isolated lab VLAN',
      "written by the vendor's installer, fixed upstream in 2.1",
    ]);
  });
  it('engine: places every file in its cluster by identity, folder, config pattern or default', () => {
    const r = lintGitops();
    const place = (f: string) => {
      const p = r.placement(`${GITOPS}/${f}`);
      return p && `${p.all.map((c) => c.name).join(',')} (${p.how})`;
    };
    assert.equal(place('clusters/prod/kubeadm.yaml'), 'prod (identity)');
    assert.equal(place('clusters/staging/kubeadm.yaml'), 'staging (identity)');
    assert.equal(place('clusters/prod/calico-pool.yaml'), 'prod (folder)');
    assert.equal(place('clusters/staging/flannel.yaml'), 'staging (folder)');
    assert.equal(place('edge/east/config.yaml'), 'edge-east (config)');
    assert.equal(place('edge/west/metallb.yaml'), 'edge-west (config)');
    assert.equal(place('shared/metallb.yaml'), 'default (default)');
    assert.equal(place('vendor/broken.yaml'), undefined, 'ignored files are not placed');
    assert.deepEqual(r.ignored.map(rel), ['vendor/broken.yaml']);
  });
  it('engine: the same ranges in separate clusters are no finding; without the mesh prod and staging are independent', () => {
    const r = lintGitops((t) => t.replace(/^mesh:.*$/m, ''));
    assert.deepEqual(summary(r.findings), EXPECTED.filter((e) => !e.includes('PN171')));
    // edge-east and edge-west declare the very same k3s ranges: no PN114/PN120 between them.
    assert.ok(!r.findings.some((f) => f.code === 'PN114' || (f.code === 'PN120' && !f.file.includes('staging'))));
    // The message names the cluster; the related locations stay inside it.
    const pn120 = r.findings.find((f) => f.code === 'PN120');
    assert.match(pn120?.message ?? '', /\[cluster staging\]$/);
    assert.ok(pn120?.related.every((x) => x.file.includes('clusters/staging/')));
  });
  it('engine: all in one cluster (the old behaviour) would report PN120 across prod and staging: the split is what removes it', () => {
    const r = lintGitops((t) => `${t.replace(/^mesh:.*$/m, '').replace(/^clusters:[\s\S]*?(?=^networks:)/m, 'clusters:\n  - {name: one, files: ["**"]}\n')}`);
    assert.ok(
      r.findings.some((f) =>
        f.code === 'PN120' && f.file.includes('clusters/prod/kubeadm.yaml') || f.code === 'PN120' && f.file.includes('clusters/staging/kubeadm.yaml')
      ),
      JSON.stringify(summary(r.findings)),
    );
  });
  it('engine: a mesh naming a cluster no file belongs to is PN180 at mesh; config errors are PN180 findings in .podnet.yaml', () => {
    const r = lintGitops((t) => t.replace('mesh: [prod, staging]', 'mesh: [prod, stagign]'));
    const pn180 = r.findings.filter((f) => f.code === 'PN180');
    assert.deepEqual(pn180.map((f) => `${rel(f.file)}:${f.start.line + 1}:${f.start.character + 1}`), ['.podnet.yaml:10:7']);
    assert.match(pn180[0].message, /no linted file belongs to "stagign" \(clusters seen: .*"staging"/);
    assert.ok(!r.findings.some((f) => f.code === 'PN171'), 'a mesh of one known cluster compares nothing');
    const bad = lintGitops((t) => t, {
      configErrors: [{ file: `${GITOPS}/.podnet.yaml`, line: 9, column: 23, key: 'networks[1].cidr', message: 'x', span: { start: 190, end: 201 } }],
    });
    assert.deepEqual(bad.findings.filter((f) => f.code === 'PN180').map((f) => [f.severity, f.message]), [['error', 'networks[1].cidr: x']]);
  });
  it('engine: declared networks are checked against pod and service networks too, defaults included, in every cluster', () => {
    const r = lintGitops((t) => t.replace('{name: vpc, cidr: 10.0.0.0/16}', '{name: corp, cidr: 10.0.0.0/8}').replace(/^mesh:.*$/m, ''));
    const hits = r.findings.filter((f) => f.code === 'PN170').map((f) => `${rel(f.file)} ${f.cluster}`).sort();
    // Every pod/service network of every cluster lies in 10.0.0.0/8 (shared/metallb.yaml too); the office pool as before.
    for (
      const want of [
        'clusters/prod/kubeadm.yaml prod',
        'clusters/staging/kubeadm.yaml staging',
        'clusters/staging/flannel.yaml staging',
        'clusters/prod/calico-pool.yaml prod',
        'edge/east/config.yaml edge-east',
        'edge/west/config.yaml edge-west',
        'edge/west/metallb.yaml edge-west',
        'shared/metallb.yaml default',
      ]
    ) {
      assert.ok(hits.includes(want), `${want} not in ${JSON.stringify(hits)}`);
    }
  });
  it('CLI JSON: the same findings, each naming its cluster, suppressions listed with their reason; exit 1', async () => {
    const r = await cli('--format', 'json', GITOPS);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out);
    const rows = report.findings.map((f: { file: string; line: number; code: string; cluster: string | null; severity: string }) =>
      `${rel(f.file)}:${f.line} ${f.code} ${f.cluster ?? '-'} ${f.severity}`
    ).sort();
    assert.deepEqual(rows, ['charts/web/templates/pool.yaml:1 PN154 - information', ...EXPECTED].sort());
    assert.equal(report.summary.suppressed, 3);
    // 13 YAML files: vendor/ ignored, the chart template skipped.
    assert.equal(report.filesLinted, 11);
    assert.deepEqual(
      report.suppressed.map((s: { file: string; line: number; code: string; suppression: { line: number } }) =>
        `${rel(s.file)}:${s.line} ${s.code} @${s.suppression.line}`
      ).sort(),
      ['edge/east/config.yaml:3 PN113 @2', 'edge/east/metallb.yaml:8 PN113 @7', 'edge/west/metallb.yaml:16 PN102 @8'],
    );
    const pn170 = report.findings.find((f: { code: string; file: string }) => f.code === 'PN170' && f.file.includes('edge/west'));
    assert.equal(pn170.related[0].file, `${GITOPS}/.podnet.yaml`);
    assert.equal(pn170.related[0].line, 8);
    assert.ok(!report.findings.some((f: { file: string }) => f.file.includes('vendor/')));
  });
  it('CLI SARIF: results carry the cluster; suppressed ones are listed with suppressions (inSource, justification)', async () => {
    const r = await cli('--format', 'sarif', GITOPS);
    const run0 = JSON.parse(r.out).runs[0];
    const open = run0.results.filter((x: { suppressions?: unknown }) => !x.suppressions);
    const closed = run0.results.filter((x: { suppressions?: unknown }) => x.suppressions);
    assert.equal(open.length, EXPECTED.length + 1);
    assert.deepEqual(
      closed.map((x: { ruleId: string; suppressions: { kind: string; justification: string }[] }) =>
        `${x.ruleId} ${x.suppressions[0].kind} ${x.suppressions[0].justification}`
      ).sort(),
      [
        "PN102 inSource written by the vendor's installer, fixed upstream in 2.1",
        'PN113 inSource the lab VLAN pool (metallb.yaml) is routed separately',
        'PN113 inSource this pool is only announced on the isolated lab VLAN',
      ],
    );
    const mesh = open.filter((x: { ruleId: string }) => x.ruleId === 'PN171').map((x: { properties: { cluster: string } }) => x.properties.cluster).sort();
    assert.deepEqual(mesh, ['prod', 'staging']);
    for (const x of open) assert.equal(run0.tool.driver.rules[x.ruleIndex].id, x.ruleId);
  });
});

describe('live rules and clusters', () => {
  // A live cluster with a node address inside prod's pod network and one inside staging's.
  const facts = (context: string) => ({
    context,
    nodes: [{ name: 'n1', internalIPs: ['10.244.7.1', '10.248.7.1'], podCIDRs: [] }],
    serviceCIDRs: [],
    podNetworks: [],
  });
  const pn160 = (context: string) =>
    lintGitops((t) => t, { cluster: facts(context) }).findings.filter((f) => f.code === 'PN160').map((f) => `${rel(f.file)} ${f.cluster}`).sort();
  it('the live cluster is compared with the manifests of the cluster of its name only', () => {
    assert.deepEqual(pn160('prod'), ['clusters/prod/calico-pool.yaml prod', 'clusters/prod/kubeadm.yaml prod']);
    // podSubnet and kube-proxy's clusterCIDR (flannel's 10.245.0.0/16 holds no node).
    assert.deepEqual(pn160('staging'), ['clusters/staging/kubeadm.yaml staging', 'clusters/staging/kubeadm.yaml staging']);
  });
  it('a context named like no cluster: compared with every cluster (nothing is left unchecked)', () => {
    assert.deepEqual(pn160('kubernetes-admin@kubernetes'), [
      'clusters/prod/calico-pool.yaml prod',
      'clusters/prod/kubeadm.yaml prod',
      'clusters/staging/kubeadm.yaml staging',
      'clusters/staging/kubeadm.yaml staging',
    ]);
  });
});
