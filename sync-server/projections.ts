// The server's projection of each loaded document, attached on first use (a website read or
// command, a staff read) and kept in step by the shared adapter (shared/doc-projection.ts).
// A room that is unloaded with a projection attached stores the website's read model from it.
import type * as Y from 'yjs';
import type { Projection } from '../domain';
import { attachProjection, type DocProjection } from './shared/doc-projection.js';
import { encodeWebsiteReadModel } from './website-read-model.js';

const projections = new WeakMap<Y.Doc, DocProjection>();

export function projectionOf(doc: Y.Doc): Projection {
  let attached = projections.get(doc);
  if (!attached) {
    attached = attachProjection(doc);
    projections.set(doc, attached);
  }
  return attached.projection;
}

/** The website's read model of `doc`, stored as its room unloads (website-read-model.ts); only
 *  where a projection is attached: folding the whole log just for this would cost its length. */
export function websiteReadModelOf(doc: Y.Doc): Uint8Array | undefined {
  const attached = projections.get(doc);
  return attached && encodeWebsiteReadModel(attached.projection);
}
