// Units sold against stock per item, and revenue, as an SVG bar chart.
import { For, Show, createMemo, createSignal } from 'solid-js';
import { takingsOf } from '../../domain';
import type { CatalogItem, OrderView } from '../../domain';
import { TakingsTable } from '../device-ui/TakingsTable';
import { useFundraiser } from '../device/context';
import { formatMoney } from '../shared/money';
import { moneyTotals } from '../device-ui/balance';
import { downloadPaymentsCsv, exportNote } from './csv';

const ROW = 46;
const LABEL_W = 260;
const BAR_W = 520;

export function Dashboard() {
  const store = useFundraiser();
  const orders = createMemo(() => store.orderIds().map((id) => store.orders[id]!));
  const totals = createMemo(() => ({ ...revenueOf(orders()), ...moneyTotals(orders()) }));
  const takings = createMemo(() => takingsOf(orders()));
  const scale = () => Math.max(1, ...store.items().map((i) => Math.max(i.stock ?? 0, i.sold)));
  return (
    <section class="dashboard card">
      <h2>Dashboard</h2>
      <div class="kpis row">
        <Kpi label="Revenue (active orders)" value={formatMoney(totals().revenue)} />
        <Kpi label="Paid (less refunds)" value={formatMoney(totals().paid)} testId="paid" />
        <Kpi label={`Given back (${refundsText(takings().total.refunds)})`} value={formatMoney(takings().total.refundedCents)} testId="refunded" />
        <Kpi label="Still owed" value={formatMoney(totals().stillOwedCents)} testId="still-owed" />
        <Kpi label="To refund" value={formatMoney(totals().toRefundCents)} testId="to-refund" />
        <Kpi label={`Active orders (${orders().length - totals().active} cancelled)`} value={String(totals().active)} testId="active-orders" />
        <Kpi label="Checked in" value={String(totals().checkedIn)} />
      </div>
      <h3>Units sold vs stock</h3>
      <svg class="chart" role="img" aria-label={chartText(store.items(), totals().byItem)} data-testid="chart" viewBox={`0 0 ${LABEL_W + BAR_W + 150} ${store.items().length * ROW + 10}`}>
        <For each={store.items()}>{(item, index) => <Bar item={item} y={index() * ROW + 6} scale={scale()} revenue={totals().byItem.get(item.itemId) ?? 0} />}</For>
      </svg>
      <p class="hint"><span class="swatch sold" /> sold <span class="swatch stock" /> stock <span class="swatch over" /> sold beyond stock. Items without a stock limit show units sold only.</p>
      <h3>Takings by person</h3>
      <TakingsTable takings={takings()} you={store.session().userId} />
      <PaymentsExport orders={orders()} />
    </section>
  );
}

/** The slips behind the table, one row per payment and refund, for counting each cash box. */
function PaymentsExport(props: { orders: OrderView[] }) {
  const store = useFundraiser();
  const [note, setNote] = createSignal<string>();
  async function exportPayments() {
    setNote(await exportNote(() => downloadPaymentsCsv(store.fid, store.session().token, props.orders)));
  }
  return (
    <p class="row">
      <button type="button" class="secondary" disabled={!store.ready()} onClick={exportPayments}>Export payments (CSV)</button>
      <Show when={note()}><span class="hint" role="status">{note()}</span></Show>
    </p>
  );
}

function Bar(props: { item: CatalogItem; y: number; scale: number; revenue: number }) {
  const width = (n: number) => (n / props.scale) * BAR_W;
  const over = () => props.item.stock !== null && props.item.sold > props.item.stock;
  return (
    <g transform={`translate(0 ${props.y})`} data-item={props.item.itemId}>
      <text x="0" y="16" class="chart-label">{props.item.name}</text>
      <text x="0" y="33" class="chart-sub">{formatMoney(props.revenue)}</text>
      <Show when={props.item.stock !== null}><rect x={LABEL_W} y="4" height="26" rx="4" width={width(props.item.stock ?? 0)} class="stock" /></Show>
      <rect x={LABEL_W} y="9" height="16" rx="3" width={width(props.item.sold)} class={over() ? 'over' : 'sold'} />
      <text x={LABEL_W + BAR_W + 10} y="22" class="chart-value">{props.item.sold}{props.item.stock !== null ? ` / ${props.item.stock}` : ' sold'}</text>
    </g>
  );
}

/** The chart's numbers in words: a screen reader gets what the bars show. */
function chartText(items: CatalogItem[], revenue: Map<string, number>): string {
  const parts = items.map((item) => `${item.name}: ${item.sold} sold${item.stock === null ? '' : ` of ${item.stock} in stock`}, ${formatMoney(revenue.get(item.itemId) ?? 0)}`);
  return `Units sold against stock per item. ${parts.join('; ')}.`;
}

const refundsText = (n: number) => `${n} refund${n === 1 ? '' : 's'}`;

function Kpi(props: { label: string; value: string; testId?: string }) {
  return <div class="kpi" data-testid={props.testId}><span class="hint">{props.label}</span><strong>{props.value}</strong></div>;
}

function revenueOf(orders: OrderView[]) {
  const byItem = new Map<string, number>();
  let revenue = 0, paid = 0, active = 0, checkedIn = 0;
  for (const order of orders) {
    paid += order.paidCents;
    if (order.cancelled) continue;
    active++;
    if (order.checkedIn) checkedIn++;
    revenue += order.totalCents;
    for (const line of order.lines) byItem.set(line.itemId, (byItem.get(line.itemId) ?? 0) + line.quantity * line.unitPriceCents);
  }
  return { revenue, paid, active, checkedIn, byItem };
}
