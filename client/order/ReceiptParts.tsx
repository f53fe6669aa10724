// Two pieces of the receipt: the in-page question before a cancel (a browser's OK/Cancel
// dialog made "Cancel" mean "keep"), and copying the receipt's link.
import { Show, createSignal, onMount } from 'solid-js';
import { refundNote } from './receipt-text';
import type { CustomerOrder } from './website-api';

export function CancelConfirm(props: { order: CustomerOrder; busy: boolean; onYes: () => void; onNo: () => void }) {
  let keep: HTMLButtonElement | undefined;
  onMount(() => keep?.focus()); // the safe answer is the one under a stray Enter
  return (
    <div class="cancel-confirm notice warn" role="group" aria-labelledby="cancel-question" onKeyDown={(e) => { if (e.key === 'Escape') props.onNo(); }}>
      <p id="cancel-question"><strong>Cancel order {props.order.orderNumber}?</strong></p>
      <Show when={props.order.paidCents > 0}><p>{refundNote(props.order)}</p></Show>
      <div class="row">
        <button type="button" class="danger" disabled={props.busy} onClick={() => props.onYes()}>{props.busy ? 'Cancelling…' : 'Yes, cancel my order'}</button>
        <button type="button" class="secondary" ref={keep} disabled={props.busy} onClick={() => props.onNo()}>Keep my order</button>
      </div>
    </div>
  );
}

export function CopyLink() {
  const [state, setState] = createSignal<'idle' | 'copied' | 'manual'>('idle');
  let field: HTMLInputElement | undefined;
  async function copy() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setState('copied');
    } catch {
      // No clipboard (an old browser, or permission refused): the link selected in a box, to copy by hand.
      setState('manual');
      field?.focus();
      field?.select();
    }
  }
  return (
    <div class="copy-link">
      <div class="row">
        <p class="hint grow">Keep this page's link: it opens your order again.</p>
        <button type="button" class="secondary" onClick={copy}>Copy link</button>
      </div>
      <Show when={state() === 'copied'}><p class="hint" role="status">Link copied.</p></Show>
      <Show when={state() === 'manual'}>
        <label for="receipt-link">Copy this link:</label>
        <input id="receipt-link" type="text" readonly value={window.location.href} ref={field} />
      </Show>
    </div>
  );
}
