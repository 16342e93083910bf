import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { suppressionEdit } from '../../../src/core/lint/suppressionEdit';
import { extractFile } from '../../../src/core/manifests/manifestFile';

const kubeadm = (lines: string[]) => ['apiVersion: kubeadm.k8s.io/v1beta3', 'kind: ClusterConfiguration', 'networking:', ...lines, ''].join('\n');
const lint = (text: string) => {
  const r = lintFiles([extractFile('a.yaml', text)]);
  return {
    open: r.findings.map((f) => `${f.start.line + 1} ${f.code}`),
    suppressed: r.suppressed.map((s) => `${s.finding.start.line + 1} ${s.finding.code} ${s.reason ?? ''}`.trim()),
    messages: r.findings.map((f) => f.message),
  };
};

describe('inline suppressions', () => {
  it('without one: PN110 on both ranges (the baseline the other cases change)', () => {
    assert.deepEqual(lint(kubeadm(['  podSubnet: 10.96.0.0/16', '  serviceSubnet: 10.96.0.0/12'])).open, ['4 PN110', '5 PN110']);
  });
  it('disable-next-line covers the next line only, keeps the reason; several codes by comma', () => {
    const r = lint(kubeadm(['  # podnet-disable-next-line PN110 -- the lab VLAN', '  podSubnet: 10.96.0.0/16', '  serviceSubnet: 10.96.0.0/12']));
    assert.deepEqual(r.open, ['6 PN110']);
    assert.deepEqual(r.suppressed, ['5 PN110 the lab VLAN']);
    const two = lint(kubeadm(['  # podnet-disable-next-line PN102,PN110', '  podSubnet: 10.96.0.1/16', '  serviceSubnet: 10.96.0.0/12']));
    assert.deepEqual(two.suppressed.sort(), ['5 PN102', '5 PN110']);
  });
  it('a disable/enable region; no codes means every rule; an unclosed region runs to the end', () => {
    assert.deepEqual(
      lint(kubeadm(['  # podnet-disable PN110', '  podSubnet: 10.96.0.0/16', '  serviceSubnet: 10.96.0.0/12', '  # podnet-enable PN110'])).open,
      [],
    );
    assert.deepEqual(lint(kubeadm(['  # podnet-disable', '  podSubnet: 10.96.0.0/16', '  # podnet-enable', '  serviceSubnet: 10.96.0.0/12'])).open, [
      '7 PN110',
    ]);
    assert.deepEqual(lint(kubeadm(['  # podnet-disable PN110 -- generated', '  podSubnet: 10.96.0.0/16', '  serviceSubnet: 10.96.0.0/12'])).open, []);
  });
  it('the wrong code does not suppress; an unused or unknown directive is PN181', () => {
    const wrong = lint(kubeadm(['  # podnet-disable-next-line PN111', '  podSubnet: 10.96.0.0/16', '  serviceSubnet: 10.96.0.0/12']));
    assert.deepEqual(wrong.open, ['4 PN181', '5 PN110', '6 PN110']);
    assert.match(wrong.messages[0], /podnet-disable-next-line PN111 suppresses nothing/);
    const unknown = lint(kubeadm(['  # podnet-disable-next-line PN999', '  podSubnet: 10.244.0.0/16']));
    assert.deepEqual(unknown.open, ['4 PN181']);
    assert.match(unknown.messages[0], /PN999, which is not a rule/);
  });
  it('only comment lines are directives', () => {
    assert.deepEqual(lint(kubeadm(['  podSubnet: "10.96.0.0/16" # podnet-disable-next-line PN110', '  serviceSubnet: 10.96.0.0/12'])).open, [
      '4 PN110',
      '5 PN110',
    ]);
  });
  it('configured severities and "off" apply to PN181 as to any rule', () => {
    const text = kubeadm(['  # podnet-disable-next-line PN110', '  podSubnet: 10.244.0.0/16']);
    assert.deepEqual(lintFiles([extractFile('a.yaml', text)], { severity: { PN181: 'off' } }).findings, []);
    assert.equal(lintFiles([extractFile('a.yaml', text)], { severity: { PN181: 'error' } }).findings[0].severity, 'error');
  });
});

describe('"Suppress PNxxx for this line" (the edit)', () => {
  const apply = (text: string, e: ReturnType<typeof suppressionEdit>) => {
    if (!e) return undefined;
    const lines = text.split('\n');
    lines[e.line] = lines[e.line].slice(0, e.start) + e.newText + lines[e.line].slice(e.end);
    return lines.join('\n');
  };
  const text = kubeadm(['  podSubnet: 10.96.0.0/16', '  serviceSubnet: 10.96.0.0/12']);
  it('inserts an indented directive above the line, and the finding is gone when linted again', () => {
    const edited = apply(text, suppressionEdit(text, 3, 'PN110', true));
    assert.equal(edited?.split('\n')[3], '  # podnet-disable-next-line PN110');
    assert.deepEqual(lint(edited ?? '').open, ['6 PN110']);
  });
  it('adds the code to a directive already above; nothing for JSON or rules that cannot be suppressed', () => {
    const withOne = kubeadm(['  # podnet-disable-next-line PN102 -- old', '  podSubnet: 10.96.0.1/16', '  serviceSubnet: 10.96.0.0/12']);
    const e = suppressionEdit(withOne, 4, 'PN110', true);
    assert.equal(apply(withOne, e)?.split('\n')[3], '  # podnet-disable-next-line PN102, PN110 -- old');
    assert.equal(suppressionEdit(withOne, 4, 'PN102', true), undefined, 'already there');
    assert.equal(suppressionEdit(text, 3, 'PN110', false), undefined);
    assert.equal(suppressionEdit(text, 3, 'PN181', true), undefined);
  });
});
