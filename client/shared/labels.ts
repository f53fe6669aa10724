// The words people see for the domain's codes.
export type Status = 'placed' | 'paid' | 'checked_in' | 'cancelled';

const STATUS_LABELS: Record<Status, string> = {
  placed: 'Placed', paid: 'Paid', checked_in: 'Checked in', cancelled: 'Cancelled',
};

export function statusLabel(status: Status): string {
  return STATUS_LABELS[status];
}

/**
 * A conflict's message as a person reads it: without the ids of the events it names in
 * brackets ("[event 5b28…]"). The ids stay in the conflict's eventIds (and in the staff API's
 * message); on a phone they were over a third of the text.
 */
export function readableMessage(message: string): string {
  return message.replace(/ \[event [^\]]*\]/g, '');
}
