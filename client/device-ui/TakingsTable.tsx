// What was taken, per person and payment method (domain/takings.ts): the cash box a clerk
// counts at the end of a shift, and the treasurer's split on the manager's dashboard. It shows
// what this device knows: others' payments count once they are synced here.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { PAYMENT_METHODS } from '../../domain';
import type { PaymentMethod, Taken, Takings } from '../../domain';
import { formatMoney } from '../shared/money';

const METHOD_LABELS: Record<PaymentMethod, string> = { cash: 'Cash', card: 'Card', online: 'Online', transfer: 'Transfer' };

export function TakingsTable(props: { takings: Takings; you?: string }) {
  const methods = () => PAYMENT_METHODS.filter((m) => props.takings.byMethod[m].count > 0);
  return (
    <Show when={props.takings.total.count > 0} fallback={<p class="hint">No payments yet.</p>}>
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
    </Show>
  );
}

/** The sum, and under it how many payments, so a count of receipts can be checked too. */
function amount(taken: Taken): JSX.Element {
  if (taken.count === 0) return '–';
  return <>{formatMoney(taken.cents)}<small class="count">{taken.count} payment{taken.count === 1 ? '' : 's'}</small></>;
}
