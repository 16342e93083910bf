// A Kubernetes object as Podnet writes it (a manifest's document, an object to apply): the identity
// fields typed, everything else as it comes.
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}
