// What the clerk reads when a sync ends in a close code: ws' own 1009 (a message over twice
// the size limit, closed before the server reads it) says the same as the server's 4413.
import { describe, expect, it } from 'vitest';
import { closeMessage } from '../../client/device/sync-once';
import { CloseCode } from '../../sync-server/shared/protocol';

describe('sync close messages', () => {
  it('a message too big for ws is reported as too large, like 4413, not as a network problem', () => {
    expect(closeMessage(CloseCode.messageTooBig)).toBe(closeMessage(CloseCode.tooLarge));
    expect(closeMessage(CloseCode.tooLarge)).toMatch(/too large/);
    expect(closeMessage(1006, undefined, false)).toMatch(/Could not reach the server.*try again when online/);
  });

  it('with a network, no answer is the server\'s trouble: not "try again when online" next to "● Network"', () => {
    expect(closeMessage(1006, undefined, true)).toBe('The server is not answering (it may be restarting). Your changes are kept on this device; try again in a minute.');
  });
});
