// The words people see for the domain's codes.
export type Status = 'placed' | 'paid' | 'checked_in' | 'cancelled';

const STATUS_LABELS: Record<Status, string> = {
  placed: 'Placed', paid: 'Paid', checked_in: 'Checked in', cancelled: 'Cancelled',
};

export function statusLabel(status: Status): string {
  return STATUS_LABELS[status];
}

