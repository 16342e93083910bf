// Refreshes media/screenshots/ (the README's and the walkthrough's pictures) from the screenshots
// the e2e tier took in the newest pinned VS Code: run `PODNET_E2E_VSCODE=newest npm run test:e2e`
// first. Crops with ImageMagick's `convert` (apt-get install imagemagick).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const { newest } = JSON.parse(readFileSync('scripts/e2e/vscodeTargets.json', 'utf8'));
const from = `artifacts/e2e/${newest.vscode}`;
// [picture, e2e screenshot, crop WxH+X+Y of the 1400×900 page]
const pictures = [
  ['tree', '02-tree-seed.png', '610x360+0+30'],
  ['lint', '14-lint-quick-fix.png', '790x330+610+30'],
  ['map', '06-map-seed-light.png', '1400x600+0+30'],
  ['install', '12-install-done.png', '610x270+0+30'],
];
for (const [name, shot, crop] of pictures) {
  const source = `${from}/${shot}`;
  if (!existsSync(source)) throw new Error(`${source} is missing: run the e2e tier in VS Code ${newest.vscode} first`);
  execFileSync('convert', [source, '-crop', crop, '+repage', `media/screenshots/${name}.png`]);
  console.log(`media/screenshots/${name}.png <- ${source} (${crop})`);
}
