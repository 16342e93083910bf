// A plan of two nodes, two probe pods and one hostNetwork probe each, for the check's unit tests.
import type { CheckPlan } from '../../../src/core/check/checkPlan';

export function samplePlan(extra: Partial<CheckPlan> = {}): CheckPlan {
  return {
    runId: 'r1',
    pods: [
      { name: 'a-1', node: 'n1', ip: '10.244.1.5' },
      { name: 'b-1', node: 'n1', ip: '10.244.1.6' },
      { name: 'a-2', node: 'n2', ip: '10.244.2.5' },
      { name: 'b-2', node: 'n2', ip: '10.244.2.6' },
    ],
    hosts: [
      { name: 'h-1', node: 'n1', ip: '192.168.0.11' },
      { name: 'h-2', node: 'n2', ip: '192.168.0.12' },
    ],
    port: 8470,
    hostPort: 31470,
    service: { ip: '10.96.0.1', port: 443 },
    dns: { server: '10.96.0.10', domain: 'cluster.local' },
    bulkBytes: 2 * 1024 * 1024,
    probeTimeoutMs: 3000,
    ...extra,
  };
}
