// A namespaced object's identity as Kubernetes keys it (client-go's types.NamespacedName), and the
// one way Podnet writes it: "namespace/name", as kubectl and the API's cache keys do.

export interface NamespacedName {
  readonly namespace: string;
  readonly name: string;
}

export const qualifiedName = (o: NamespacedName): string => `${o.namespace}/${o.name}`;
