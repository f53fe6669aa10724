// The treasurer's CSVs (orders, and payments: the slips): from the server when online (its
// projection is the reference), else built on the device from the local projection by the same
// modules (sync-server/shared/orders-csv.ts, payments-csv.ts), with times in the club's zone as
// the page names it, so the file is the one the server would have sent.
import type { OrderView } from '../../domain';
import { ordersCsv, type ItemNames } from '../../sync-server/shared/orders-csv';
import { paymentsCsv } from '../../sync-server/shared/payments-csv';
import { NetworkError, errorFrom, send } from '../shared/api';
import { clubTimeZone } from '../shared/club-time-zone';

export function downloadCsv(fid: string, token: string, orders: OrderView[], itemName: ItemNames): Promise<'server' | 'device'> {
  return downloadFile(fid, token, 'orders', () => ordersCsv(orders, { timeZone: clubTimeZone(), itemName }));
}

export function downloadPaymentsCsv(fid: string, token: string, orders: OrderView[]): Promise<'server' | 'device'> {
  return downloadFile(fid, token, 'payments', () => paymentsCsv(orders, clubTimeZone()));
}

async function downloadFile(fid: string, token: string, name: 'orders' | 'payments', onDevice: () => string): Promise<'server' | 'device'> {
  try {
    const response = await send(`/api/fundraisers/${encodeURIComponent(fid)}/${name}.csv`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw errorFrom(response.status, await response.json().catch(() => undefined));
    save(`${fid}-${name}.csv`, await response.blob());
    return 'server';
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    save(`${fid}-${name}-from-this-device.csv`, new Blob([onDevice()], { type: 'text/csv' }));
    return 'device';
  }
}

/** What to say beside an export button once it ran: where the file came from, or what failed. */
export async function exportNote(download: () => Promise<'server' | 'device'>): Promise<string | undefined> {
  try {
    return (await download()) === 'device' ? 'Offline: exported from this device.' : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : 'Export failed.';
  }
}

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
