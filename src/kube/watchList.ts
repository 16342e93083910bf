// Watch-list (KEP-3157, on by default in Kubernetes 1.32 servers, in client-go from 1.35): the
// initial state streamed as ADDED events that end with a bookmark annotated
// k8s.io/initial-events-end, instead of a paged LIST. Servers without it reject the parameters.
import { KubeHttpError } from './kubeErrors';

/** The query client-go's reflector sends (resourceVersion unset: a consistent, most recent start). */
export const watchListQuery = 'sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true';

export const initialEventsEndAnnotation = 'k8s.io/initial-events-end';

export const initialEventsEnd = (annotations: Record<string, string> | undefined): boolean => annotations?.[initialEventsEndAnnotation] === 'true';

/** 400 Bad Request / 422 Invalid ("sendInitialEvents is forbidden…"), 501: not a watch-list server. */
export const rejectsWatchList = (error: unknown): boolean =>
  error instanceof KubeHttpError && (error.status === 400 || error.status === 422 || error.status === 501);
