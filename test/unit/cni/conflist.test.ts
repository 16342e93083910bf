import assert from 'node:assert/strict';
import { buildConflistTemplate, renderConflist } from '../../../src/cni/conflist';

describe('cni: conflist', () => {
  it('renders bridge (cni0, gateway, no masquerade) + host-local over the node blocks, portmap and loopback', () => {
    const conflist = renderConflist(buildConflistTemplate(), ['198.19.1.0/24', 'fd00:1::/64'], { ipamDataDir: '/tmp/ipam-n1', mtu: 1450, node: 'n1' });
    const plugins = conflist.plugins as Record<string, unknown>[];
    assert.deepEqual(plugins.map((p) => p.type), ['bridge', 'portmap', 'loopback']);
    const bridge = plugins[0];
    assert.equal(bridge.bridge, 'cni0');
    assert.equal(bridge.isGateway, true);
    assert.equal(bridge.ipMasq, false);
    assert.deepEqual(bridge.ipam, {
      type: 'host-local',
      ranges: [[{ subnet: '198.19.1.0/24' }], [{ subnet: 'fd00:1::/64' }]],
      routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }],
      dataDir: '/tmp/ipam-n1',
    });
    assert.equal(conflist.cniVersion, '1.0.0');
    assert.equal(bridge.mtu, 1450);
    assert.equal(conflist.podnetNode, 'n1', 'names the node whose agent wrote it');
  });

  it('does not mutate the template', () => {
    const template = buildConflistTemplate();
    const before = JSON.stringify(template);
    renderConflist(template, ['198.19.1.0/24']);
    assert.equal(JSON.stringify(template), before);
  });

  it('rejects a template without a bridge plugin', () => {
    assert.throws(() => renderConflist({ plugins: [{ type: 'ptp' }] }, ['198.19.1.0/24']), /no bridge plugin/);
  });
});
