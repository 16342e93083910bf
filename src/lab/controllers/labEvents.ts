// core/v1 Events as controllers record them (kubectl describe and `get events` show these).
import { randomBytes } from 'node:crypto';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';

export function recordEvent(
  store: ObjectStore,
  about: Readonly<StoredObject>,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component: string,
): void {
  const namespace = about.metadata.namespace ?? 'default';
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  store.create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${about.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      kind: about.kind,
      apiVersion: about.apiVersion,
      name: about.metadata.name,
      uid: about.metadata.uid,
      ...(about.metadata.namespace ? { namespace } : {}),
      resourceVersion: about.metadata.resourceVersion,
    },
    reason,
    message,
    source: { component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: '',
  });
}
