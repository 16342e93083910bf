import assert from 'node:assert/strict';
import { globMatch } from '../../../src/core/lint/glob';
import { formatConfigError, isIgnored, parseLintConfig } from '../../../src/core/lint/lintConfig';

const parse = (text: string) => parseLintConfig('repo/.podnet.yaml', '/repo', text);
const errors = (text: string) => parse(text).errors.map(formatConfigError);

describe('.podnet.yaml', () => {
  it('reads every key', () => {
    const { config, errors: e } = parse(
      'clusters:\n  - name: prod\n    files: ["clusters/prod/**"]\nnetworks:\n  - {name: corp, cidr: 10.0.0.0/8}\nmesh: [prod, staging]\nrules: {PN102: warning, PN120: "off", pn132: information, PN140: false}\nignore: ["vendor/**"]\n',
    );
    assert.deepEqual(e, []);
    assert.deepEqual(config.clusters.map((c) => [c.name, c.files]), [['prod', ['clusters/prod/**']]]);
    assert.deepEqual(config.networks.map((n) => [n.name, n.text, n.cidr.prefix]), [['corp', '10.0.0.0/8', 8]]);
    assert.deepEqual(config.mesh, ['prod', 'staging']);
    assert.deepEqual(config.rules, { PN102: 'warning', PN120: 'off', PN132: 'information', PN140: 'off' });
    assert.deepEqual(config.ignore, ['vendor/**']);
    assert.equal(config.root, '/repo');
  });
  it('an empty file is the defaults', () => {
    assert.deepEqual(parse('').errors, []);
    assert.deepEqual(parse('# nothing yet\n').config.clusters, []);
  });
  it('errors name file, line, column and key', () => {
    assert.deepEqual(errors('networks:\n  - {name: corp, cidr: 10.0.0.0/33}\n'), [
      'repo/.podnet.yaml:2:24: networks[0].cidr: "10.0.0.0/33": prefix /33 is longer than 32 bits (IPv4)',
    ]);
    assert.deepEqual(errors('rules:\n  PN999: warning\n  PN102: loud\n'), [
      'repo/.podnet.yaml:2:3: rules.PN999: unknown rule (podnet rules lists them)',
      'repo/.podnet.yaml:3:10: rules.PN102: must be one of error, warning, information, hint, off',
    ]);
    assert.deepEqual(errors('rules:\n  PN191: "off"\n'), [
      'repo/.podnet.yaml:2:3: rules.PN191: PN191 is a finding of the live cluster, not a lint rule: its severity is fixed',
    ]);
    assert.deepEqual(errors('clusters:\n  - name: a\n    files: ["x/**"]\n  - name: a\n    files: ["y/**"]\n  - files: ["z"]\n  - name: b\n'), [
      'repo/.podnet.yaml:4:5: clusters[1].name: "a" is declared twice',
      'repo/.podnet.yaml:6:5: clusters[2].name: a name is required',
      'repo/.podnet.yaml:7:5: clusters[3].files: files (a list of glob patterns) is required',
    ]);
    assert.deepEqual(errors('mesh: prod\nignores: []\n'), [
      'repo/.podnet.yaml:1:7: mesh: must be a list of strings',
      'repo/.podnet.yaml:2:1: ignores: unknown key (expected clusters, networks, mesh, rules, ignore)',
    ]);
    assert.deepEqual(errors('mesh: [prod]\n'), ['repo/.podnet.yaml:1:7: mesh: a mesh needs at least two clusters']);
    assert.match(errors('clusters: [\n')[0], /^repo\/\.podnet\.yaml:\d+:\d+: YAML syntax error: /);
    assert.deepEqual(errors('- a\n'), ['repo/.podnet.yaml:1:1: must be a mapping with the keys clusters, networks, mesh, rules, ignore']);
  });
  it('patterns read like .gitignore', () => {
    assert.ok(globMatch('vendor/**', 'vendor/a/b.yaml'));
    assert.ok(!globMatch('vendor/**', 'src/vendor.yaml'));
    assert.ok(globMatch('vendor', 'vendor/a.yaml'), 'a folder pattern matches what is under it');
    assert.ok(globMatch('*.tmpl.yaml', 'deep/down/x.tmpl.yaml'), 'no slash: any depth');
    assert.ok(!globMatch('clusters/*/kubeadm.yaml', 'clusters/a/b/kubeadm.yaml'));
    assert.ok(globMatch('clusters/**/kubeadm.yaml', 'clusters/a/b/kubeadm.yaml'));
    assert.ok(globMatch('clusters/**/kubeadm.yaml', 'clusters/kubeadm.yaml'));
    assert.ok(globMatch('edge/{east,west}/**', 'edge/west/x.yaml'));
    assert.ok(!globMatch('edge/{east,west}/**', 'edge/north/x.yaml'));
    assert.ok(globMatch('a?.yaml', 'a1.yaml') && !globMatch('a?.yaml', 'a/.yaml'));
    const { config } = parse('ignore: ["vendor/**"]\n');
    assert.ok(isIgnored(config, '/repo/vendor/x.yaml'));
    assert.ok(!isIgnored(config, '/elsewhere/vendor/x.yaml'), "only under the config's folder");
  });
});
