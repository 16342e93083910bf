// A list page's continue token read from the first bytes of its body, so the next page is asked
// for while this one still arrives: servers write the list's metadata before its items.
import { isProtobufContentType } from './protobuf/negotiation';
import { peekHeadContinue } from './protobuf/k8sProtobuf';

/** The list's own continue token, from the JSON text before "items" (undefined when not there). */
export function peekContinue(text: string): string | undefined {
  const head = text.slice(0, 2048);
  const items = head.indexOf('"items"');
  const m = /"continue"\s*:\s*"([^"]*)"/.exec(items >= 0 ? head.slice(0, items) : head);
  return m ? m[1] : undefined;
}

/** The token from a body's first bytes, protobuf or JSON by its Content-Type. */
export function headContinue(head: Buffer, contentType: string): string | undefined {
  return isProtobufContentType(contentType) ? peekHeadContinue(head) : peekContinue(head.toString('utf8'));
}
