// `podnet rules`: every lint rule with its code, default severity, summary and documentation anchor.
import { ruleHelpUri } from '../../core/lint/reportFormats';
import { rulesDocUrl } from '../rulesDocUrl';
import { RULES, ruleAnchor } from '../../core/lint/ruleCatalog';
import type { CliCommand, CliIo } from '../command';
import { choiceOption, parseOptions } from '../parseOptions';

const usage = `Usage: podnet rules [--format text|json]

Lists every rule of podnet lint and every finding of the live cluster (PN190–PN199, from the
cluster view and podnet inspect): code, default severity, summary and where it is documented
(docs/rules.md#pnxxx). Lint severities are changed in .podnet.yaml (rules:) or with --rule
CODE=SEVERITY; the live cluster's findings keep theirs.`;

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'List the lint rules (code, default severity, summary, documentation)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const format = choiceOption('format', parseOptions(args, { format: 'string' }).values.format, ['text', 'json'], 'text');
    if (format === 'json') {
      const rules = RULES.map((r) => ({
        code: r.code,
        defaultSeverity: r.severity,
        summary: r.title,
        doc: `docs/${ruleAnchor(r.code)}`,
        scope: r.scope,
        helpUri: ruleHelpUri(rulesDocUrl(), r.code),
      }));
      io.out(`${JSON.stringify({ schemaVersion: 1, docs: rulesDocUrl(), rules }, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...RULES.map((r) => r.severity.length));
    io.out(`${RULES.map((r) => `${r.code}  ${r.severity.padEnd(width)}  ${r.title}  (docs/${ruleAnchor(r.code)})`).join('\n')}\n`);
    return 0;
  },
};
