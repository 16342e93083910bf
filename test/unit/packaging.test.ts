import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

// What the .vsix carries (`vsce ls`, the list vsce packs): only what runs and what users read,
// every image the README and the walkthrough show packed inside it, no placeholder URLs.
describe('Marketplace packaging', function() {
  // vsce ls is a child process of its own: seconds on a loaded machine, within its 60 s spawn limit.
  this.timeout(60_000);
  const pkg = () =>
    JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown> & {
      contributes: { walkthroughs: { steps: { media: { image?: string } }[] }[] };
    };
  const vsceLs = () => {
    const r = spawnSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  };

  it('lists only bundles, the manifest, docs and media: no sources, tests, maps or scripts', () => {
    const files = vsceLs();
    const allowed =
      /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/(extension|cli|cliMain|clusterCommands|agent|probe|webview)\.(js|css)|docs\/[^/]+\.md|media\/.+)$/;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), []);
    // The CLI (the lab runs it): cli.js runs cliMain.js, which requires clusterCommands.js next to it.
    for (
      const f of [
        'dist/extension.js',
        'dist/cli.js',
        'dist/cliMain.js',
        'dist/clusterCommands.js',
        'dist/webview.js',
        'media/icon.png',
        'README.md',
        'CHANGELOG.md',
      ]
    ) {
      assert.ok(files.includes(f), `${f} is not packed`);
    }
  });

  it('packs every image the README and the walkthrough show, and every doc the README links', () => {
    const files = new Set(vsceLs());
    const readme = readFileSync('README.md', 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    const docs = [...readme.matchAll(/[^!]\[[^\]]*\]\(((?!https?:|#)[^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    const walkthrough = pkg().contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.image)).filter((x): x is string => Boolean(x));
    assert.ok(images.length >= 4, `README shows ${images.length} images`);
    for (const f of [...images, ...walkthrough, ...docs.filter((d) => d.startsWith('docs/') || d.startsWith('media/'))]) {
      assert.ok(files.has(normalize(f)), `${f} is shown or linked but not packed`);
      assert.ok(existsSync(f), `${f} does not exist`);
    }
  });

  it('has a 128×128 PNG icon, categories and keywords, and no placeholder host anywhere in the manifest', () => {
    const p = pkg();
    const png = readFileSync(String(p.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(Array.isArray(p.categories) && p.categories.length > 0);
    assert.ok(Array.isArray(p.keywords) && p.keywords.length >= 5);
    assert.doesNotMatch(readFileSync('package.json', 'utf8'), /example\.(invalid|com|org)|placeholder/i);
    assert.ok(existsSync(join(dirname(String(p.icon)), 'icon.svg')), 'the icon has its source beside it');
  });
});
