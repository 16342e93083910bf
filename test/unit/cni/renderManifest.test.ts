import assert from 'node:assert/strict';
import { loadAll } from 'js-yaml';
import type { KubeObject } from '../../../src/cni/manifest/renderManifest';
import { manifestYaml, renderManifest } from '../../../src/cni/manifest/renderManifest';

const script = '"use strict";\nconsole.log("agent");\n//# sourceMappingURL=agent.js.map\n';
const render = (): KubeObject[] => renderManifest({ clusterCidr: '198.19.0.0/16', nodeMaskSize: 24, agentScript: script });
const find = (objects: KubeObject[], kind: string, name?: string): KubeObject => {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  assert.ok(found, `${kind} ${name ?? ''} missing`);
  return found;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('cni: renderManifest', () => {
  it('labels every object for exact uninstall and places namespaced ones in kube-system', () => {
    const objects = render();
    assert.deepEqual(objects.map((o) => o.kind), [
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'ConfigMap',
      'ConfigMap',
      'DaemonSet',
    ]);
    for (const o of objects) {
      assert.equal(o.metadata.labels?.['app.kubernetes.io/name'], 'podnet-bridge-cni', `${o.kind} label`);
      assert.equal(o.metadata.labels?.['app.kubernetes.io/managed-by'], 'podnet', `${o.kind} label`);
      if (!['ClusterRole', 'ClusterRoleBinding'].includes(o.kind)) assert.equal(o.metadata.namespace, 'kube-system');
    }
  });

  it('grants read-only node access cluster-wide and only events + its own ConfigMap in its namespace', () => {
    const objects = render();
    assert.deepEqual((find(objects, 'ClusterRole') as Any).rules, [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }]);
    const rules = (find(objects, 'Role') as Any).rules as Any[];
    assert.deepEqual(rules.map((r) => [r.resources[0], r.verbs.join(','), r.resourceNames?.join(',')]), [
      ['events', 'create', undefined],
      ['configmaps', 'get', 'podnet-bridge-cni'],
    ]);
  });

  it('carries the linter keys and embeds the agent without its source-map comment', () => {
    const objects = render();
    assert.deepEqual((find(objects, 'ConfigMap', 'podnet-bridge-cni') as Any).data, {
      'cluster-cidr': '198.19.0.0/16',
      'node-mask-size': '24',
      state: 'active',
      masquerade: 'true',
      'non-masquerade-cidrs': '',
      mtu: '',
    });
    const routed = renderManifest({
      clusterCidr: '198.19.0.0/16',
      nodeMaskSize: 24,
      agentScript: script,
      masquerade: false,
      nonMasqueradeCidrs: ['10.0.0.0/8', '2001:2:9::/48'],
      mtu: 1450,
    });
    assert.deepEqual((find(routed, 'ConfigMap', 'podnet-bridge-cni') as Any).data, {
      'cluster-cidr': '198.19.0.0/16',
      'node-mask-size': '24',
      state: 'active',
      masquerade: 'false',
      'non-masquerade-cidrs': '10.0.0.0/8,2001:2:9::/48',
      mtu: '1450',
    });
    const files = (find(objects, 'ConfigMap', 'podnet-bridge-cni-agent') as Any).data;
    assert.equal(files['agent.js'], '"use strict";\nconsole.log("agent");\n');
    assert.equal(JSON.parse(files['conflist.template.json']).plugins[0].type, 'bridge');
    assert.match(files['firewall.sh'], /^#!\/bin\/sh\n/);
  });

  it('runs the DaemonSet on the host network, the agent with NET_ADMIN only and the firewall container with NET_ADMIN + NET_RAW, critical priority, tolerating unready nodes', () => {
    const ds = find(render(), 'DaemonSet') as Any;
    const pod = ds.spec.template.spec;
    assert.equal(pod.hostNetwork, true);
    assert.equal(pod.priorityClassName, 'system-node-critical');
    assert.ok(pod.tolerations.some((t: Any) => t.operator === 'Exists' && t.effect === 'NoSchedule'));
    const c = pod.containers[0];
    assert.equal(c.securityContext.privileged, false);
    assert.deepEqual(c.securityContext.capabilities, { drop: ['ALL'], add: ['NET_ADMIN'] });
    assert.match(c.image, /^docker\.io\/library\/node:\d+\.\d+\.\d+-alpine\d/);
    assert.ok(c.resources.requests.cpu && c.resources.requests.memory);
    assert.deepEqual(c.readinessProbe.exec.command, ['cat', '/run/podnet/ready']);
    const hostPaths = pod.volumes.filter((v: Any) => v.hostPath).map((v: Any) => v.hostPath.path);
    assert.deepEqual(hostPaths, ['/etc/cni/net.d', '/opt/cni/bin', '/run/xtables.lock']);
    const fw = pod.containers[1];
    assert.equal(fw.name, 'firewall');
    assert.equal(fw.securityContext.privileged, false);
    assert.deepEqual(fw.securityContext.capabilities, { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] });
    assert.match(fw.image, /^registry\.k8s\.io\/build-image\/debian-iptables:/);
    assert.deepEqual(fw.command, ['sh', '/opt/podnet/firewall.sh']);
    assert.deepEqual(fw.volumeMounts.map((m: Any) => m.mountPath), ['/opt/podnet', '/run/podnet', '/run/xtables.lock']);
    assert.equal(c.env.find((e: Any) => e.name === 'PODNET_FIREWALL_DIR').value, '/run/podnet/firewall');
  });

  it('is deterministic (same input, same YAML) and round-trips through a YAML parser', () => {
    const yaml = manifestYaml(render());
    assert.equal(yaml, manifestYaml(render()));
    const docs = loadAll(yaml) as KubeObject[];
    assert.equal(docs.length, 8);
    assert.deepEqual(docs, JSON.parse(JSON.stringify(render())));
    const changed = renderManifest({ clusterCidr: '198.19.0.0/16', nodeMaskSize: 24, agentScript: 'other' });
    assert.notEqual(
      (find(changed, 'DaemonSet') as Any).spec.template.metadata.annotations['podnet.io/agent-hash'],
      (find(render(), 'DaemonSet') as Any).spec.template.metadata.annotations['podnet.io/agent-hash'],
    );
  });
});
