// What was taken, per person and payment method (domain/takings.ts): the cash box a clerk
// counts at the end of a shift, and the treasurer's split on the manager's dashboard. It shows
// what this device knows: others' payments count here once they are synced. Money given back
// shows too: a method with only a refund gets its column, and a cell says what was given back.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { PAYMENT_METHODS, moneyMoved } from '../../domain';
import type { PaymentMethod, Taken, Takings } from '../../domain';
import { formatMoney } from '../shared/money';

const METHOD_LABELS: Record<PaymentMethod, string> = { cash: 'Cash', card: 'Card', online: 'Online', transfer: 'Transfer' };

export function TakingsTable(props: { takings: Takings; you?: string }) {
  const methods = () => PAYMENT_METHODS.filter((m) => moneyMoved(props.takings.byMethod[m]));
  return (
    <Show when={moneyMoved(props.takings.total)} fallback={<p class="hint">No payments yet.</p>}>
      <table class="takings" data-testid="takings">
        <thead><tr><th>Taken by</th><For each={methods()}>{(m) => <th>{METHOD_LABELS[m]}</th>}</For><th>Total</th></tr></thead>
        <tbody>
          <For each={props.takings.byPerson}>{(person) => (
            <tr data-person={person.userId} classList={{ you: person.userId === props.you }}>
              <td>{person.userId}{person.userId === props.you ? ' (you)' : ''}</td>
              <For each={methods()}>{(m) => <td>{amount(person.byMethod[m])}</td>}</For>
              <td>{amount(person.total)}</td>
            </tr>
          )}</For>
        </tbody>
        <tfoot>
          <tr data-person="all"><th>All</th><For each={methods()}>{(m) => <td>{amount(props.takings.byMethod[m])}</td>}</For><td>{amount(props.takings.total)}</td></tr>
        </tfoot>
      </table>
      <p class="hint">Each sum is what is kept: payments taken less money given back.</p>
    </Show>
  );
}

/** The sum kept, and under it the slips: how many payments, and what was given back. */
function amount(taken: Taken): JSX.Element {
  if (!moneyMoved(taken)) return '–';
  return <>{formatMoney(taken.cents)}<small class="count">{slipsText(taken)}</small></>;
}

/** "2 payments", "2 payments · 1 refund of € 8.00", "1 refund of € 3.00". */
export function slipsText(taken: Taken): string {
  const payments = taken.count > 0 ? [`${taken.count} payment${taken.count === 1 ? '' : 's'}`] : [];
  const refunds = taken.refunds > 0 ? [`${taken.refunds} refund${taken.refunds === 1 ? '' : 's'} of ${formatMoney(taken.refundedCents)}`] : [];
  return [...payments, ...refunds].join(' · ');
}
