// Every change a person makes goes through the domain's decide(), on the device, against the
// current projection; only accepted events are written, all of them in one transaction.
import { decide } from '../../domain';
import type { Actor, Command, Decision } from '../../domain';
import type { FundraiserDoc } from './fundraiser-doc';
import { commandOrigin } from './origins';

/** What a form hands over: a command, maybe not yet valid (decide parses it). */
export type CommandInput = { type: Command['type'] } & Record<string, unknown>;

export function runCommand(fdoc: FundraiserDoc, command: CommandInput, actor: Actor): Decision {
  const meta = { eventId: crypto.randomUUID(), at: new Date().toISOString(), actor };
  const decision = decide(command, fdoc.live.projection, meta);
  if (decision.ok) fdoc.append(decision.events, commandOrigin(actor.deviceId, command.type));
  return decision;
}

export function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
