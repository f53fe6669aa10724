// The customer's receipt: its link (with the receipt secret) opens it again at any time.
import { For, Show, createResource, createSignal } from 'solid-js';
import { ApiError, NetworkError } from '../shared/api';
import { statusLabel } from '../shared/labels';
import { euros } from '../shared/money';
import { cancelOrder, fetchCatalog, fetchOrder } from './website-api';
import type { CustomerOrder } from './website-api';

export function ReceiptPage(props: { fid: string; orderId: string; receipt: string }) {
  const [order, { mutate }] = createResource(() => [props.fid, props.orderId, props.receipt] as const, ([f, o, r]) => fetchOrder(f, o, r));
  const [catalog] = createResource(() => props.fid, (fid) => fetchCatalog(fid).catch(() => undefined));
  const [message, setMessage] = createSignal<{ kind: 'error' | 'ok'; text: string }>();
  const [cancelling, setCancelling] = createSignal(false);
  const itemName = (itemId: string) => catalog()?.items.find((i) => i.itemId === itemId)?.name ?? itemId;

  async function cancel() {
    if (!confirm('Cancel this order?')) return;
    setCancelling(true);
    try {
      mutate(await cancelOrder(props.fid, props.orderId, props.receipt));
      setMessage({ kind: 'ok', text: 'Your order is cancelled.' });
    } catch (error) {
      setMessage({ kind: 'error', text: cancelError(error) });
    } finally {
      setCancelling(false);
    }
  }

  return (
    <main class="website receipt">
      <Show when={order.error}>
        <p class="notice error" role="alert">{order.error instanceof ApiError && order.error.status === 404 ? 'We cannot find this order. Check that you opened the full link from your receipt.' : 'The order could not be loaded. Check the connection and reload the page.'}</p>
      </Show>
      {/* An errored resource throws when read: only read it when it has no error. */}
      <Show when={order.error ? undefined : order()}>
        {(loaded) => (
          <article class="card">
            <p class="hint">{catalog()?.name ?? ''}</p>
            <h1>Order <span class="order-number">{loaded().orderNumber}</span></h1>
            <Show when={loaded().customer?.name}><p>For <strong>{loaded().customer!.name}</strong></p></Show>
            <p>Status: <span class={`badge ${loaded().status}`} data-testid="receipt-status">{statusLabel(loaded().status)}</span></p>
            <Show when={message()}>{(m) => <p class={`notice ${m().kind}`} role="status">{m().text}</p>}</Show>
            <Lines order={loaded()} itemName={itemName} />
            <p class="hint">Keep this page's link: it opens your order again. Pay and pick up at the event; tell them your order number.</p>
            <div class="row">
              <Show when={loaded().status === 'placed' || loaded().status === 'paid'}>
                <button type="button" class="danger" disabled={cancelling()} onClick={cancel}>{cancelling() ? 'Cancelling…' : 'Cancel order'}</button>
              </Show>
              <a href={`/order/${encodeURIComponent(props.fid)}`}>Place another order</a>
            </div>
          </article>
        )}
      </Show>
    </main>
  );
}

function Lines(props: { order: CustomerOrder; itemName: (itemId: string) => string }) {
  return (
    <table class="receipt-lines">
      <thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Price</th><th class="num">Amount</th></tr></thead>
      <tbody>
        <For each={props.order.lines}>
          {(line) => (
            <tr><td>{props.itemName(line.itemId)}</td><td class="num">{line.quantity}</td><td class="num">{euros(line.unitPriceCents)}</td><td class="num">{euros(line.quantity * line.unitPriceCents)}</td></tr>
          )}
        </For>
      </tbody>
      <tfoot>
        <tr><th colSpan={3}>Total</th><td class="num"><strong data-testid="receipt-total">{euros(props.order.totalCents)}</strong></td></tr>
        <Show when={props.order.paidCents > 0}><tr><th colSpan={3}>Paid</th><td class="num">{euros(props.order.paidCents)}</td></tr></Show>
      </tfoot>
    </table>
  );
}

function cancelError(error: unknown): string {
  if (error instanceof NetworkError) return 'Could not reach the server: the order is NOT cancelled yet. Try again.';
  if (error instanceof ApiError && error.code === 'not_cancellable') return `This order can no longer be cancelled: ${error.message}`;
  return error instanceof Error ? error.message : 'The order could not be cancelled.';
}
