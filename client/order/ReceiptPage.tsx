// The customer's receipt: its link (with the receipt secret) opens it again at any time.
import { For, Show, createEffect, createResource, createSignal } from 'solid-js';
import { ApiError, NetworkError } from '../shared/api';
import { statusLabel } from '../shared/labels';
import { formatMoney } from '../shared/money';
import { dateTime } from '../shared/time';
import { CancelConfirm, CopyLink } from './ReceiptParts';
import { closingHint, stillToPay, toGiveBack } from './receipt-text';
import { cancelOrder, fetchCatalog, fetchOrder } from './website-api';
import type { CustomerOrder } from './website-api';

/** `justPlaced`: the customer arrived from the form; the heading takes focus so a screen reader announces the order. */
export function ReceiptPage(props: { fid: string; orderId: string; receipt: string; justPlaced?: boolean }) {
  const [order, { mutate }] = createResource(() => [props.fid, props.orderId, props.receipt] as const, ([f, o, r]) => fetchOrder(f, o, r));
  // null: the catalog could not be loaded, and the lines fall back to item ids.
  const [catalog] = createResource(() => props.fid, (fid) => fetchCatalog(fid).catch(() => null));
  const [message, setMessage] = createSignal<{ kind: 'error' | 'ok'; text: string }>();
  const [confirming, setConfirming] = createSignal(false);
  const [cancelling, setCancelling] = createSignal(false);
  const itemName = (itemId: string) => catalog()?.items.find((i) => i.itemId === itemId)?.name ?? itemId;
  // Shown once both answers are in: no raw item ids flash by while the names load.
  const loaded = () => (order.error || catalog.loading ? undefined : order());
  let heading: HTMLHeadingElement | undefined;
  let announced = false;
  createEffect(() => {
    const number = loaded()?.orderNumber;
    if (!number) return;
    document.title = [`Order ${number}`, catalog()?.name].filter(Boolean).join(' · ');
    if (props.justPlaced && !announced) (announced = true, heading?.focus());
  });

  let cancelButton: HTMLButtonElement | undefined;
  /** "Keep my order" (or Escape): the question goes, and focus back to the button that asked it. */
  const keepOrder = () => { setConfirming(false); cancelButton?.focus(); };
  async function cancel() {
    setCancelling(true);
    try {
      mutate(await cancelOrder(props.fid, props.orderId, props.receipt));
      setConfirming(false);
      setMessage({ kind: 'ok', text: 'Your order is cancelled.' });
    } catch (error) {
      setMessage({ kind: 'error', text: cancelError(error) });
    } finally {
      setCancelling(false);
    }
  }

  return (
    <main class="website receipt" data-order-state={order.state} aria-busy={!loaded() && !order.error}>
      <Show when={order.error}>
        <p class="notice error" role="alert">{order.error instanceof ApiError && order.error.status === 404 ? 'We cannot find this order. Check that you opened the full link from your receipt.' : 'The order could not be loaded. Check the connection and reload the page.'}</p>
      </Show>
      {/* An errored resource throws when read: only read it when it has no error. */}
      <Show when={loaded()}>
        {(current) => (
          <article class="card">
            <p class="hint">{catalog()?.name ?? ''}</p>
            <h1 tabindex="-1" ref={heading}>Order <span class="order-number">{current().orderNumber}</span></h1>
            <Show when={current().customer?.name}><p class="customer-text">For <strong>{current().customer!.name}</strong></p></Show>
            <Show when={current().placedAt}>{(at) => <p data-testid="placed-at">Placed {dateTime(at())}</p>}</Show>
            <p>Status: <span class={`badge ${current().status}`} data-testid="receipt-status">{statusLabel(current().status)}</span></p>
            <Show when={message()}>{(m) => <p class={`notice ${m().kind}`} role="status">{m().text}</p>}</Show>
            <Show when={current().cancellationOverruled}>
              <p class="notice warn" data-testid="cancellation-overruled">You cancelled this order, but the club had already taken it on (a payment, a check-in or a change) before your cancellation reached them, so the order stands. If you do not want it, tell the club.</p>
            </Show>
            <Lines order={current()} itemName={itemName} />
            <p class="hint" data-testid="receipt-hint">{closingHint(current())}</p>
            <CopyLink />
            <Show when={confirming() && (current().status === 'placed' || current().status === 'paid')}>
              <CancelConfirm order={current()} busy={cancelling()} onYes={cancel} onNo={keepOrder} />
            </Show>
            <div class="row">
              <Show when={!confirming() && (current().status === 'placed' || current().status === 'paid')}>
                <button type="button" class="danger" ref={cancelButton} onClick={() => (setMessage(undefined), setConfirming(true))}>Cancel order</button>
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
  const owed = () => stillToPay(props.order);
  return (
    <table class="receipt-lines">
      <thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Price</th><th class="num">Amount</th></tr></thead>
      <tbody>
        <For each={props.order.lines}>
          {(line) => (
            <tr><td class="customer-text">{props.itemName(line.itemId)}</td><td class="num">{line.quantity}</td><td class="num">{formatMoney(line.unitPriceCents)}</td><td class="num">{formatMoney(line.quantity * line.unitPriceCents)}</td></tr>
          )}
        </For>
      </tbody>
      <tfoot>
        <tr><th colSpan={3}>Total</th><td class="num"><strong data-testid="receipt-total">{formatMoney(props.order.totalCents)}</strong></td></tr>
        <Show when={props.order.paidCents > 0}><tr><th colSpan={3}>Paid</th><td class="num">{formatMoney(props.order.paidCents)}</td></tr></Show>
        <Show when={props.order.paidCents > 0 && owed() > 0}>
          <tr><th colSpan={3}>Still to pay</th><td class="num" data-testid="still-to-pay">{formatMoney(owed())}</td></tr>
        </Show>
        <Show when={toGiveBack(props.order) > 0}>
          <tr><th colSpan={3}>To give back</th><td class="num" data-testid="to-give-back">{formatMoney(toGiveBack(props.order))}</td></tr>
        </Show>
      </tfoot>
    </table>
  );
}

function cancelError(error: unknown): string {
  if (error instanceof NetworkError) return 'Could not reach the server: the order is NOT cancelled yet. Try again.';
  if (error instanceof ApiError && error.code === 'not_cancellable') return `This order can no longer be cancelled: ${error.message}`;
  return error instanceof Error ? error.message : 'The order could not be cancelled.';
}
