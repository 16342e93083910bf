// The published corpus (test/fixtures/corpus) linted as one cluster and as one cluster per project:
// most errors of the first are different projects' defaults colliding with each other.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseLintConfig } from '../../../src/core/lint/lintConfig';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

const CORPUS = 'test/fixtures/corpus';

describe('the corpus, one cluster per project', () => {
  it('no finding relates ranges of two projects once each project is its own cluster', () => {
    const projects = readdirSync(CORPUS).filter((d) => statSync(join(CORPUS, d)).isDirectory());
    const files = projects.flatMap((p) => readdirSync(join(CORPUS, p)).filter((f) => /\.(ya?ml|json|conf|conflist)$/.test(f)).map((f) => join(CORPUS, p, f)));
    const extracts = files.map((f) => extractFile(f, readFileSync(f, 'utf8')));
    const project = (f: string) => f.slice(CORPUS.length + 1).split('/')[0];
    const crossing = (fs: ReturnType<typeof lintFiles>['findings']) => fs.filter((f) => f.related.some((r) => project(r.file) !== project(f.file)));
    const together = lintFiles(extracts).findings;
    const text = `clusters:\n${projects.map((p) => `  - {name: ${p}, files: ["${p}/**"]}`).join('\n')}\n`;
    const { config, errors } = parseLintConfig(join(CORPUS, '.podnet.yaml'), resolve(CORPUS), text);
    assert.deepEqual(errors, []);
    const apart = lintFiles(extracts, { configOf: () => config, canonical: (f) => resolve(f) }).findings;
    assert.ok(crossing(together).length > 0, 'as one cluster, projects collide');
    assert.deepEqual(crossing(apart).map((f) => `${f.file} ${f.code}`), []);
    const errorsOf = (fs: typeof apart) => fs.filter((f) => f.severity === 'error').length;
    assert.ok(errorsOf(apart) < errorsOf(together), `${errorsOf(apart)} errors apart, ${errorsOf(together)} together`);
    // Every finding left is inside one project, and names it.
    for (const f of apart.filter((x) => x.cluster)) assert.equal(f.cluster, project(f.file));
  });
});
