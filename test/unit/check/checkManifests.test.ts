import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { checkConfigId, checkObjects, planObject, probedNode } from '../../../src/check/checkManifests';
import { defaultAgentImage } from '../../../src/cni/manifest/manifestOptions';
import { isLabVersion, labHasDataPlane } from '../../../src/check/labDetection';

interface Container {
  image: string;
  command: string[];
  env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  securityContext: { capabilities: { drop: string[]; add: string[] }; allowPrivilegeEscalation: boolean };
}
interface PodSpec {
  hostNetwork?: boolean;
  tolerations: unknown[];
  affinity?: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: unknown[] } } };
  serviceAccountName: string;
  containers: Container[];
  volumes: { configMap?: { name: string } }[];
}
const objects = () => checkObjects({ runId: 'run-1', probeScript: 'console.log(1);\n//# sourceMappingURL=probe.js.map\n', image: defaultAgentImage });
const daemonSets = () =>
  objects().filter((o) => o.kind === 'DaemonSet') as unknown as {
    metadata: { name: string };
    spec: { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
  }[];

describe('check: manifests', () => {
  it('every object is labelled as the check and its run, in the check namespace; no cluster-wide object', () => {
    for (const o of [...objects(), planObject('run-1', '{}')]) {
      assert.equal(o.metadata.labels?.['app.kubernetes.io/name'], 'podnet-check', `${o.kind} ${o.metadata.name}`);
      assert.equal(o.metadata.labels?.['app.kubernetes.io/managed-by'], 'podnet');
      assert.equal(o.metadata.labels?.['podnet.dev/check-run'], 'run-1');
      if (o.kind !== 'Namespace') assert.equal(o.metadata.namespace, 'podnet-check');
    }
    assert.deepEqual(objects().map((o) => o.kind), ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'DaemonSet', 'DaemonSet', 'DaemonSet']);
  });

  it('readiness gate: each probe writes its marker on an emptyDir and its exec readinessProbe tests for it', () => {
    for (const d of daemonSets()) {
      const spec = d.spec.template.spec as unknown as {
        containers: { env: { name: string; value?: string }[]; readinessProbe: unknown; volumeMounts: { name: string; mountPath: string }[] }[];
        volumes: { name: string; emptyDir?: unknown }[];
      };
      const c = spec.containers[0];
      const marker = c.env.find((e) => e.name === 'PODNET_CHECK_READY_FILE')?.value;
      assert.equal(marker, '/run/podnet-check/ready');
      assert.deepEqual(c.readinessProbe, { exec: { command: ['test', '-f', marker] }, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 1 });
      const mount = c.volumeMounts.find((m) => marker.startsWith(`${m.mountPath}/`));
      assert.ok(mount, 'the marker is on a mounted volume (the root filesystem is read-only)');
      assert.ok(spec.volumes.find((v) => v.name === mount.name)?.emptyDir);
    }
  });

  it('the namespace carries the run configuration: same image and script, same id; another image or script, another', () => {
    const id = (o: { probeScript: string; image: string }) =>
      checkObjects({ runId: 'r', ...o }).find((x) => x.kind === 'Namespace')?.metadata.annotations?.['podnet.dev/check-config'];
    const base = { probeScript: 'a', image: defaultAgentImage };
    assert.equal(id(base), checkConfigId(base));
    assert.equal(checkConfigId(base), checkConfigId({ ...base }));
    assert.notEqual(checkConfigId(base), checkConfigId({ ...base, probeScript: 'b' }));
    assert.notEqual(checkConfigId(base), checkConfigId({ ...base, image: 'mirror/node:20' }));
  });

  it('least privilege: the probes may get the plan by name and create ConfigMaps, in their namespace only', () => {
    const role = objects().find((o) => o.kind === 'Role') as unknown as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[];
    };
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['podnet-check-plan'], verbs: ['get', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    ]);
    const binding = objects().find((o) => o.kind === 'RoleBinding') as unknown as {
      roleRef: { kind: string; name: string };
      subjects: { kind: string; name: string; namespace: string }[];
    };
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'podnet-check-probe' });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'podnet-check', namespace: 'podnet-check' }]);
  });

  it('two pod-network DaemonSets and one hostNetwork one, every node tolerated, the pinned image, the script from the ConfigMap', () => {
    const sets = daemonSets();
    assert.deepEqual(sets.map((d) => [d.metadata.name, Boolean(d.spec.template.spec.hostNetwork), d.spec.template.metadata.labels['podnet.dev/check-role']]), [
      ['podnet-check-a', false, 'pod'],
      ['podnet-check-b', false, 'pod'],
      ['podnet-check-host', true, 'host'],
    ]);
    for (const d of sets) {
      const spec = d.spec.template.spec;
      assert.deepEqual(spec.tolerations, [{ operator: 'Exists' }]);
      assert.deepEqual(spec.affinity?.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [{
        matchExpressions: [{ key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows'] }],
      }]);
      assert.equal(spec.serviceAccountName, 'podnet-check');
      const c = spec.containers[0];
      assert.equal(c.image, defaultAgentImage);
      assert.match(c.image, /^docker\.io\/library\/node:\d+\.\d+\.\d+-alpine\d/, 'an exact tag');
      assert.deepEqual(c.command, ['node', '/podnet-check/probe.js']);
      assert.deepEqual(c.securityContext.capabilities, { drop: ['ALL'], add: ['NET_RAW'] });
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      const env = Object.fromEntries(c.env.map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef?.fieldPath]));
      assert.deepEqual(
        {
          POD_NAME: env.POD_NAME,
          POD_NAMESPACE: env.POD_NAMESPACE,
          POD_IP: env.POD_IP,
          NODE_NAME: env.NODE_NAME,
          HOST_IP: env.HOST_IP,
          PODNET_CHECK_RUN: env.PODNET_CHECK_RUN,
        },
        {
          POD_NAME: 'metadata.name',
          POD_NAMESPACE: 'metadata.namespace',
          POD_IP: 'status.podIP',
          NODE_NAME: 'spec.nodeName',
          HOST_IP: 'status.hostIP',
          PODNET_CHECK_RUN: 'run-1',
        },
      );
      assert.equal(spec.volumes[0].configMap?.name, 'podnet-check-probe');
    }
    const script = objects().find((o) => o.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
    assert.equal(script.data['probe.js'], 'console.log(1);\n', 'the source-map comment does not travel');
    assert.equal(
      (checkObjects({ runId: 'r', probeScript: '', image: 'registry.local/node:20' }).find((o) => o.kind === 'DaemonSet') as unknown as {
        spec: { template: { spec: PodSpec } };
      }).spec.template.spec.containers[0].image,
      'registry.local/node:20',
    );
  });

  it('probes every node but Windows ones (a node without the os label included)', () => {
    assert.equal(probedNode({ metadata: {} }), true);
    assert.equal(probedNode({ metadata: { labels: { 'kubernetes.io/os': 'linux' } } }), true);
    assert.equal(probedNode({ metadata: { labels: { 'kubernetes.io/os': 'windows' } } }), false);
  });

  it('the probe bundles to one script that needs nothing beyond Node built-ins', async function() {
    this.timeout(20_000);
    const result = await build({
      entryPoints: ['src/check/probe/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0].text;
    const required = [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))];
    assert.ok(required.includes('node:dgram'));
    assert.deepEqual(required.filter((r) => !r.startsWith('node:')), []);
  });

  it('the lab is recognised by its /version, and has a data plane only when every node says so', () => {
    assert.equal(isLabVersion('v1.33.0-podnet-lab'), true);
    assert.equal(isLabVersion('v1.32.1'), false);
    assert.equal(isLabVersion(undefined), false);
    const node = (annotations?: Record<string, string>) => ({ metadata: { annotations } });
    assert.equal(labHasDataPlane([node({ 'podnet.dev/lab-dataplane': 'true' }), node({ 'podnet.dev/lab-dataplane': 'true' })]), true);
    assert.equal(labHasDataPlane([node({ 'podnet.dev/lab-dataplane': 'true' }), node()]), false);
    assert.equal(labHasDataPlane([]), false);
  });
});
