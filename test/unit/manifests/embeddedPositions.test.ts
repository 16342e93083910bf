import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';
import { decodeScalar } from '../../../src/core/manifests/scalarDecode';
import { parseYamlDocument } from '../../../src/core/manifests/yamlTree';

// The squiggle must sit exactly under the CIDR even inside JSON or YAML held in a YAML string.
function rangesOf(text: string) {
  const r = extractFile('t.yaml', text);
  return { ranges: r.ranges.map((x) => ({ role: x.role, text: x.text, at: text.slice(x.span.start, x.span.end), start: x.span.start })), problems: r.problems };
}

const flannel = (data: string) =>
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
data:
${data}
`;

describe('positions inside embedded strings', () => {
  it('literal block scalar (|) holding JSON', () => {
    const text = flannel('  net-conf.json: |\n    {\n      "Network": "10.244.0.0/16",\n      "SubnetLen": 25\n    }');
    const { ranges } = rangesOf(text);
    assert.equal(ranges.length, 1);
    assert.equal(ranges[0].at, '10.244.0.0/16');
    assert.equal(ranges[0].start, text.indexOf('10.244.0.0/16'));
  });
  it('literal block scalar with keep chomping and an explicit indentation indicator', () => {
    const text = flannel('  net-conf.json: |2+\n     { "Network": "10.250.0.0/16" }\n\n');
    const { ranges } = rangesOf(text);
    assert.equal(ranges[0]?.start, text.indexOf('10.250.0.0/16'));
  });
  it('folded block scalar (>-) holding JSON', () => {
    const text = flannel('  net-conf.json: >-\n    { "Network":\n      "10.244.0.0/16" }');
    const { ranges } = rangesOf(text);
    assert.equal(ranges[0]?.start, text.indexOf('10.244.0.0/16'));
  });
  it('double-quoted scalar with escapes before the CIDR', () => {
    const text = flannel('  net-conf.json: "{\\"Backend\\": {\\"Type\\": \\"vx\\u006can\\"}, \\"Network\\": \\"10.9.0.0/16\\"}"');
    const { ranges } = rangesOf(text);
    assert.equal(ranges[0]?.at, '10.9.0.0/16');
    assert.equal(ranges[0]?.start, text.indexOf('10.9.0.0/16'));
  });
  it('single-quoted multi-line scalar (Multus spec.config), with a doubled quote before', () => {
    const text = `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata:
  name: n
spec:
  config: '{ "name": "it''s",
      "type": "bridge",
      "ipam": { "type": "host-local",
        "subnet": "10.77.0.0/16" } }'
`;
    const { ranges } = rangesOf(text);
    assert.deepEqual(ranges.map((r) => [r.role, r.start]), [['secondary-network', text.indexOf('10.77.0.0/16')]]);
  });
  it('YAML inside a block scalar inside a sequence (kind kubeadmConfigPatches)', () => {
    const text = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  podSubnet: 10.240.0.0/16
kubeadmConfigPatches:
- |
  kind: ClusterConfiguration
  apiVersion: kubeadm.k8s.io/v1beta3
  networking:
    serviceSubnet: "10.100.0.0/16"
`;
    const { ranges } = rangesOf(text);
    const svc = ranges.find((r) => r.text === '10.100.0.0/16');
    assert.equal(svc?.start, text.indexOf('10.100.0.0/16'));
    assert.equal(svc?.role, 'service-network');
  });
  it('invalid JSON inside a block scalar is reported at the offending character', () => {
    const text = flannel('  net-conf.json: |\n    {\n      "Network" "10.244.0.0/16"\n    }');
    const { problems } = rangesOf(text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'PN150');
    assert.equal(problems[0].span.start, text.indexOf('"10.244'));
  });
  it('decodes scalars exactly like js-yaml (source maps are verified, not trusted)', () => {
    const cases = ['a: "x\\ty\\\n   z"', "a: 'one\n\n  two'", 'a: >\n  one\n  two\n\n  three\n', 'a: |-\n  l1\n   l2\n', 'a: plain\n  continued'];
    for (const src of cases) {
      const root = parseYamlDocument(src).root;
      assert.equal(root?.kind, 'map');
      const v = root.kind === 'map' ? root.pairs[0].value : undefined;
      assert.equal(v?.kind, 'scalar');
      if (v?.kind !== 'scalar') continue;
      assert.equal(decodeScalar(src, v.start, v.end, v.style)?.text, v.value, src);
    }
  });
});

describe('bad input never crashes or hangs', () => {
  it('a syntax error in one document leaves the others linted', () => {
    const text =
      'kind: ServiceCIDR\napiVersion: networking.k8s.io/v1\nspec:\n  cidrs: [10.96.0.0/12\n---\napiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nspec:\n  cidrs: ["10.97.0.0/16"]\n';
    const r = extractFile('t.yaml', text);
    assert.equal(r.problems[0]?.code, 'PN151');
    assert.deepEqual(r.ranges.map((x) => x.text), ['10.97.0.0/16']);
  });
  it('CRLF line endings, %YAML directives and ... document ends', () => {
    const crlf =
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: f\r\ndata:\r\n  net-conf.json: |\r\n    {\r\n      "Network": "10.244.0.0/16"\r\n    }\r\n';
    const r1 = extractFile('t.yaml', crlf);
    assert.equal(r1.ranges[0]?.span.start, crlf.indexOf('10.244.0.0/16'));
    const directive = '%YAML 1.2\n---\napiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nspec:\n  cidrs: [10.96.0.0/12]\n...\n';
    const r2 = extractFile('t.yaml', directive);
    assert.deepEqual(r2.problems, []);
    assert.equal(r2.ranges[0]?.span.start, directive.indexOf('10.96.0.0/12'));
  });
  it('an alias bomb is parsed without expanding it', () => {
    const lines = ['a0: &a0 ["10.0.0.0/8", "10.0.0.0/8"]'];
    for (let i = 1; i < 40; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    const t0 = performance.now();
    const r = extractFile('bomb.yaml', `kind: ConfigMap\napiVersion: v1\nmetadata: {name: ip-masq-agent}\n${lines.join('\n')}\n`);
    assert.ok(performance.now() - t0 < 1000);
    // Aliases are followed up to a budget; past it they are not, and that is said (PN155).
    assert.deepEqual(r.problems.map((p) => p.code), ['PN155']);
  });
  it('deep nesting, binary and oversized input are reported, not crashed on', () => {
    const deep = extractFile('deep.yaml', `${'['.repeat(5000)}10.0.0.0/8${']'.repeat(5000)}\n`);
    assert.equal(deep.problems[0]?.code, 'PN151');
    assert.equal(extractFile('bin.yaml', 'a\0b 10.0.0.0/8').problems[0]?.code, 'PN152');
    assert.equal(extractFile('huge.yaml', ' '.repeat(17 * 1024 * 1024)).problems[0]?.code, 'PN152');
    const badJson = extractFile('x.conflist', '{"plugins": [ {"ipam": {"subnet": "10.1.0.0/16"');
    assert.equal(badJson.problems[0]?.code, 'PN151');
  });
  it('survives random edits of every small corpus file (fixed seed): no throw, spans inside the text', () => {
    const root = resolve(__dirname, '..', '..', 'fixtures', 'corpus');
    const files = readdirSync(root, { recursive: true }).map(String).filter((f) =>
      f.includes('/') && !f.endsWith('.md') && !/calico\.yaml|canal|antrea\.yml/.test(f)
    );
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const junk = ['"', "'", '|', '>', '\n', ' ', ':', '-', '{', '}', '[', ']', '\\', '#', '&a ', '*a', '\t', '/', '---\n', 'é'];
    for (let n = 0; n < 400; n++) {
      const f = files[n % files.length];
      let t = readFileSync(join(root, f), 'utf8');
      for (let i = 0; i < 3; i++) {
        const at = Math.floor(rnd() * t.length);
        t = t.slice(0, at) + junk[Math.floor(rnd() * junk.length)] + t.slice(at + Math.floor(rnd() * 3));
      }
      const x = extractFile(f, t);
      for (const r of x.ranges) assert.ok(r.span.start >= 0 && r.span.end <= t.length && r.span.start <= r.span.end, f);
      lintFiles([x]);
    }
  });
});
