// Stored read models are derived from the fold; one written by an older fold must not be read
// as if the new fold had made it. Each format carries a version that is bumped when the fold or
// the format changes. These tests notice the change: a fixed generated log's model is hashed,
// and a different hash under the same version fails, saying which version to bump.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Projection } from '../../domain';
import { READ_MODEL_VERSION, readModelOf } from '../../client/device/read-model';
import { encodeWebsiteReadModel, WEBSITE_READ_MODEL_VERSION } from '../../sync-server/website-read-model';
import { generateLog } from '../support/generator';

/** The hash each version's model of the log below had. Bump the version, then update the hash. */
const KNOWN = {
  website: { version: 2, sha256: 'd98282d47f2e06b1c9ff1b18e523fab98dbf96fc670be589753df4c15a980ce3' },
  device: { version: 10, sha256: 'e49506a8ce6b1909ff5dbc77837ba1a72da2b7cb8b6381841a0446d6a4916d72' },
};

function projection(): Projection {
  const log = generateLog({ seed: 20261130, orders: 80, devices: 4 });
  return Projection.fold(log.website, log.replicated);
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('stored read models carry the version of the fold that made them', () => {
  it('the website read model (sync-server/website-read-model.ts)', () => {
    const hash = sha256(encodeWebsiteReadModel(projection()));
    if (WEBSITE_READ_MODEL_VERSION === KNOWN.website.version) {
      expect(hash, 'the website read model changed: bump WEBSITE_READ_MODEL_VERSION, then update KNOWN.website').toBe(KNOWN.website.sha256);
    } else expect(WEBSITE_READ_MODEL_VERSION, 'update KNOWN.website to the new version and hash').toBe(KNOWN.website.version);
  });

  it("the device's read model (client/device/read-model.ts)", () => {
    const hash = sha256(JSON.stringify(readModelOf(projection())));
    if (READ_MODEL_VERSION === KNOWN.device.version) {
      expect(hash, "the device's read model changed: bump READ_MODEL_VERSION, then update KNOWN.device").toBe(KNOWN.device.sha256);
    } else expect(READ_MODEL_VERSION, 'update KNOWN.device to the new version and hash').toBe(KNOWN.device.version);
  });
});
