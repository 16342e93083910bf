// Whether the cluster is Podnet's lab and, if so, whether it has a data plane. The lab's
// /version names it (`v1.33.0-podnet-lab`, src/lab/api/discovery.ts); its nodes carry the
// data-plane annotation only under `podnet lab up --dataplane`, where pods are network
// namespaces and their commands run for real. Without one, a probe pod is a record: nothing
// would answer, and the check must say so instead of reporting a sea of timeouts.

import { labDataplaneAnnotation, labVersionSuffix } from '../core/labMarks';

export const isLabVersion = (gitVersion: string | undefined): boolean => Boolean(gitVersion?.includes(labVersionSuffix));

export function labHasDataPlane(nodes: readonly { readonly metadata: { readonly annotations?: Record<string, string> } }[]): boolean {
  return nodes.length > 0 && nodes.every((n) => n.metadata.annotations?.[labDataplaneAnnotation] === 'true');
}

export const noDataPlaneMessage = 'this is the Podnet lab without a data plane: its pods are API records with no network, so there is nothing to probe. ' +
  'Start a lab whose pods are real (network namespaces) with `sudo podnet lab up --dataplane` (root only), install a CNI ' +
  '(`podnet cni install --yes --cluster-cidr 198.19.0.0/16`), then run `podnet check` again.';
