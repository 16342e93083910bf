// What one ListWatch reads and where it puts it: the collection (paths, query, page size) with
// its strip and key functions, and the sink the stripped objects go to (the cluster model).

export interface ResourceSpec<T> {
  /** For messages and status: "pods", "nodes"... */
  readonly id: string;
  /** Collection paths to try in order (a 404 moves to the next: API version fallbacks). */
  readonly paths: readonly string[];
  /** Extra query, e.g. "fieldSelector=metadata.name%3Dkubernetes". */
  readonly query?: string;
  readonly pageSize: number;
  strip(raw: unknown): T | undefined;
  key(item: T): string;
  /** Key of a deleted raw object (its stripped form may be undefined). */
  rawKey(raw: unknown): string | undefined;
}

export interface ResourceSink<T> {
  upsert(item: T): void;
  remove(key: string): void;
  keys(): readonly string[];
}
