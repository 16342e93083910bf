// The live cluster's findings are rules of the one catalog: a PN code each, documented in
// docs/rules.md, listed by `podnet rules`, never a lint severity override.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../src/cli/main';
import { findingRule, findingTitles } from '../../../src/core/cluster/findings';
import { ruleByCode } from '../../../src/core/lint/ruleCatalog';

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), isInteractive: false, signal: new AbortController().signal });
  return { code, out, err };
}

describe('cluster findings in the rule catalog', () => {
  it('every finding code has its own PN code of scope cluster, with a docs section', () => {
    const doc = readFileSync('docs/rules.md', 'utf8');
    const codes = Object.keys(findingTitles) as (keyof typeof findingTitles)[];
    assert.equal(new Set(codes.map((c) => findingRule[c])).size, codes.length);
    for (const c of codes) {
      const rule = ruleByCode.get(findingRule[c]);
      assert.ok(rule, `${c} → ${findingRule[c]} is in the catalog`);
      assert.equal(rule.scope, 'cluster');
      assert.ok(doc.includes(`<a id="${rule.code.toLowerCase()}"></a>\n## ${rule.code}`), rule.code);
      assert.ok(doc.includes(`\`${c}\``), `docs/rules.md names ${c}`);
    }
  });
  it('podnet rules --format json points at the bundled docs file; lint --rule refuses a cluster code', async () => {
    const r = await cli('rules', '--format', 'json');
    const json = JSON.parse(r.out);
    assert.match(json.docs, /^file:\/\/\/.*\/docs\/rules\.md$/);
    assert.ok(readFileSync(fileURLToPath(json.docs), 'utf8').startsWith('# Podnet lint rules'));
    assert.equal(json.rules.find((x: { code: string }) => x.code === 'PN191').scope, 'cluster');
    assert.doesNotMatch(r.out, /example\.invalid/);
    const refused = await cli('lint', '--rule', 'PN191=off', 'test/fixtures/lint/clean.yaml');
    assert.equal(refused.code, 2);
    assert.match(refused.err, /PN191 is a finding of the live cluster/);
  });
  it('the bundled CLI (dist/cli.js) links to the docs/rules.md next to it (../docs, as the tarball lays them out)', () => {
    const json = JSON.parse(execFileSync(process.execPath, ['dist/cli.js', 'rules', '--format', 'json'], { encoding: 'utf8' }));
    assert.equal(json.docs, pathToFileURL(resolve('dist', '..', 'docs', 'rules.md')).href);
  });
});
