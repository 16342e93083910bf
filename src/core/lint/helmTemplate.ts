// Helm chart templates are Go templates, not YAML: a file in a chart's `templates/` folder that
// holds `{{` is skipped with one note (lint the output of `helm template … | podnet lint -`).
import type { FileExtract } from '../manifests/manifestFile';
import { parentOf } from './glob';

/** The chart folder a file's `templates/` segment belongs to, if any (the caller checks for Chart.yaml). */
export function chartRootOf(file: string): string | undefined {
  const parts = file.replace(/\\/g, '/').split('/');
  const i = parts.lastIndexOf('templates', parts.length - 2);
  return i < 0 ? undefined : parts.slice(0, i).join('/') || '.';
}

export const holdsTemplate = (text: string): boolean => text.includes('{{');

export const helmNote = (file: string): string =>
  `Helm chart template not linted: ${
    file.slice(parentOf(parentOf(file)).length + 1) || file
  } holds {{ }} template code; lint the rendered chart with \`helm template … | podnet lint -\``;

/** What a skipped template contributes to the lint: its one note. */
export const helmTemplateExtract = (file: string): FileExtract => ({
  file,
  text: '',
  ranges: [],
  blocks: [],
  maxPods: [],
  problems: [{ code: 'PN154', message: helmNote(file), span: { start: 0, end: 0 } }],
});
