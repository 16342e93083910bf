// labelSelector and fieldSelector, parsed the way the apiserver reads the query parameters.
import type { StoredObject } from '../store/storedObject';
import { badRequest } from './statusError';

export type Matcher = (o: Readonly<StoredObject>) => boolean;

interface LabelRequirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!exists' | 'gt' | 'lt';
  values: string[];
}

/** Splits on commas outside parentheses ("a in (x,y),b" → two terms). */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((t) => t.trim()).filter(Boolean);
}

function parseLabelTerm(term: string): LabelRequirement {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (m) return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter(Boolean) };
  m = /^([\w./-]+)\s*(==|=|!=|>|<)\s*([\w./-]*)$/.exec(term);
  if (m) {
    const op = m[2] === '!=' ? 'notin' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : 'in';
    return { key: m[1], op, values: [m[3]] };
  }
  m = /^(!?)([\w./-]+)$/.exec(term);
  if (m) return { key: m[2], op: m[1] ? '!exists' : 'exists', values: [] };
  throw badRequest(`unable to parse requirement: found '${term}', expected: label selector`);
}

export function labelMatcher(selector: string | null | undefined): Matcher | undefined {
  if (!selector) return undefined;
  const reqs = terms(selector).map(parseLabelTerm);
  return (o) => {
    const labels = o.metadata.labels ?? {};
    return reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const v = labels[r.key];
      switch (r.op) {
        case 'in':
          return has && r.values.includes(v);
        case 'notin':
          return !has || !r.values.includes(v);
        case 'exists':
          return has;
        case '!exists':
          return !has;
        case 'gt':
          return has && Number(v) > Number(r.values[0]);
        case 'lt':
          return has && Number(v) < Number(r.values[0]);
      }
    });
  };
}

const fieldGetters: Record<string, (o: Readonly<StoredObject>) => string | undefined> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
  'spec.nodeName': (o) => ((o.spec as { nodeName?: string } | undefined)?.nodeName ?? ''),
  'spec.schedulerName': (o) => ((o.spec as { schedulerName?: string } | undefined)?.schedulerName ?? ''),
  'spec.serviceAccountName': (o) => ((o.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName ?? ''),
  'spec.hostNetwork': (o) => String(Boolean((o.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork)),
  'spec.unschedulable': (o) => String(Boolean((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable)),
  'status.phase': (o) => ((o.status as { phase?: string } | undefined)?.phase ?? ''),
  'status.podIP': (o) => ((o.status as { podIP?: string } | undefined)?.podIP ?? ''),
  'involvedObject.name': (o) => ((o.involvedObject as { name?: string } | undefined)?.name ?? ''),
  'involvedObject.kind': (o) => ((o.involvedObject as { kind?: string } | undefined)?.kind ?? ''),
  'involvedObject.namespace': (o) => ((o.involvedObject as { namespace?: string } | undefined)?.namespace ?? ''),
  'involvedObject.uid': (o) => ((o.involvedObject as { uid?: string } | undefined)?.uid ?? ''),
  reason: (o) => (o.reason as string | undefined) ?? '',
  reportingComponent: (o) => (o.reportingComponent as string | undefined) ?? '',
  source: (o) => ((o.source as { component?: string } | undefined)?.component ?? ''),
  type: (o) => (o.type as string | undefined) ?? '',
};
const kindFields: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP'],
  Node: ['spec.unschedulable'],
  Event: ['involvedObject.name', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.uid', 'reason', 'reportingComponent', 'source', 'type'],
};

/** The apiserver accepts metadata.name/namespace everywhere and a few per-kind fields; others are a 400. */
export function fieldMatcher(selector: string | null | undefined, kind: string): Matcher | undefined {
  if (!selector) return undefined;
  const reqs = terms(selector).map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const allowed = ['metadata.name', 'metadata.namespace', ...(kindFields[kind] ?? [])];
    if (!allowed.includes(m[1])) throw badRequest(`field label not supported: ${m[1]}`);
    return { get: fieldGetters[m[1]], negate: m[2] === '!=', value: m[3] };
  });
  return (o) => reqs.every((r) => (r.get(o) === r.value) !== r.negate);
}

/** The name a fieldSelector pins down exactly, if any (lets a list skip the scan). */
export function exactField(selector: string | null | undefined, field: string): string | undefined {
  if (!selector) return undefined;
  for (const term of terms(selector)) {
    const m = /^([\w.]+)\s*(==|=)\s*(.*)$/.exec(term);
    if (m && m[1] === field) return m[3];
  }
  return undefined;
}
