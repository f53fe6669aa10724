// A decoded log holds its own copy of every repeated value in every event; the projection
// points them at one shared copy (domain/shared-values.ts). Only object identity may change:
// every value stays as it was. String identity cannot be observed from JavaScript, so these
// tests watch the actors, which are objects; the memory it saves is bench row 7's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Projection } from '../../domain';
import { parseLogEntry, type LogName } from '../../domain/events';
import { MAX_SHARED } from '../../domain/shared-values';
import { generateLog } from '../support/generator';
import { CLERK, placed } from './fixtures';

type Decoded = { website: unknown[]; replicated: unknown[] };
type WithActor = { actor: { role: string; userId: string; deviceId: string } };

/** Each actor of the log's valid events, by its three fields: the distinct objects found. */
function actorObjects(log: Decoded): Map<string, Set<object>> {
  const found = new Map<string, Set<object>>();
  for (const name of ['website', 'replicated'] as LogName[]) {
    for (const value of log[name]) {
      if (!parseLogEntry(name, value).ok) continue;
      const { actor } = value as WithActor;
      const key = `${actor.role}/${actor.userId}/${actor.deviceId}`;
      found.set(key, (found.get(key) ?? new Set()).add(actor));
    }
  }
  return found;
}

describe('Shared values: a decoded log\'s repeated values point at one copy', () => {
  it('Given a generated log decoded from JSON, When folded, Then each actor is one object and every value is as it was', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 30 }), (seed, orders) => {
      const log = generateLog({ seed, orders });
      const decoded = JSON.parse(JSON.stringify(log)) as Decoded;
      const before = actorObjects(decoded);
      Projection.fold(decoded.website, decoded.replicated);
      expect(decoded).toEqual(log);
      const after = actorObjects(decoded);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const objects of after.values()) expect(objects.size).toBe(1);
    }), { numRuns: 30 });
  });

  it('Given more devices than it keeps, When folded, Then the ones past the bound keep their own actors', () => {
    const devices = MAX_SHARED + 2;
    const events = Array.from({ length: devices }, (_, i) => {
      const actor = { ...CLERK, deviceId: `door-${i}` };
      return [placed(`o-${i}`, actor), placed(`p-${i}`, { ...actor })];
    }).flat();
    const decoded = JSON.parse(JSON.stringify(events)) as WithActor[];
    Projection.fold([], decoded);
    const sharedPairs = (i: number) => decoded[2 * i]!.actor === decoded[2 * i + 1]!.actor;
    expect(sharedPairs(0)).toBe(true);
    expect(sharedPairs(MAX_SHARED - 1)).toBe(true);
    expect(sharedPairs(MAX_SHARED)).toBe(false);
    expect(sharedPairs(devices - 1)).toBe(false);
    expect(decoded).toEqual(events);
  });
});
