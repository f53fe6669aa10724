// The treasurer's CSV: from the server when online (its projection is the reference), else
// built on the device from the local projection by the same module (sync-server/shared/orders-csv.ts).
import type { OrderView } from '../../domain';
import { ordersCsv, type ItemNames } from '../../sync-server/shared/orders-csv';
import { NetworkError, errorFrom, send } from '../shared/api';

export async function downloadCsv(fid: string, token: string, orders: OrderView[], itemName: ItemNames): Promise<'server' | 'device'> {
  try {
    const response = await send(`/api/fundraisers/${encodeURIComponent(fid)}/orders.csv`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw errorFrom(response.status, await response.json().catch(() => undefined));
    save(`${fid}-orders.csv`, await response.blob());
    return 'server';
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    save(`${fid}-orders-from-this-device.csv`, new Blob([ordersCsv(orders, itemName)], { type: 'text/csv' }));
    return 'device';
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
