// The data path when nothing is known about the CNI (no cluster, or a map built from manifests only).
import { dataPathFor } from './cniDataPath';
import type { DataPath } from './dataPath';

export const unknownDataPath: DataPath = dataPathFor({ name: 'unknown', ipam: 'node-podcidr', evidence: 'no cluster data' }, [], []);
