// What every create path (POST and the create half of server-side apply) does before storing.
import type { ResourceType } from '../api/resourceTypes';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import { applyCreateDefaults } from './defaults';
import { allocateServiceIp } from './serviceIps';

/** Status belongs to controllers; then the kind's defaults and a Service's cluster IP. */
export function prepareCreateDefaults(store: ObjectStore, t: ResourceType, o: StoredObject): void {
  if (t.subresources.includes('status')) delete o.status;
  applyCreateDefaults(o);
  if (o.kind === 'Service') allocateServiceIp(store, o);
}
