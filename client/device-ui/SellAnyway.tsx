// A sale past the stock this device knows. Offline, a device's stock is the last sync's: the
// clerk was refused a waffle "sold out" after the manager had raised the stock (a review), with
// no way to sell what was on the counter. The person decides; the shared log keeps the sale and,
// should it be more than there was, the sync reports the order as oversold (domain: beyondStock).
import { Show } from 'solid-js';

export function SellAnyway(props: { when: boolean; onSell: () => void }) {
  return (
    <Show when={props.when}>
      <div class="notice warn sell-anyway" data-testid="sell-anyway">
        <p>Sold out as far as this device knows, from its last sync. If you still have some (the stock may have been raised since), sell anyway: if it is more than the stock, the sync reports the order as oversold.</p>
        <button type="button" class="secondary" onClick={() => props.onSell()}>Sell anyway</button>
      </div>
    </Show>
  );
}
