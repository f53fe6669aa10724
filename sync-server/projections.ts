// The server's projection of each loaded document, attached on first use (a website read or
// command, a staff read) and kept in step by the shared adapter (shared/doc-projection.ts).
// A room that is unloaded with a projection attached stores the website's read model from it.
import type * as Y from 'yjs';
import type { Projection } from '../domain';
import { attachProjection, type DocProjection } from './shared/doc-projection.js';

const projections = new WeakMap<Y.Doc, DocProjection>();

export function projectionOf(doc: Y.Doc): Projection {
  let attached = projections.get(doc);
  if (!attached) {
    attached = attachProjection(doc);
    projections.set(doc, attached);
  }
  return attached.projection;
}

/** The projection if one is attached to `doc`; never attaches (folding a log costs its length). */
export function attachedProjection(doc: Y.Doc): Projection | undefined {
  return projections.get(doc)?.projection;
}
