import type { OrderStatus } from '../../domain';
import { statusLabel } from '../shared/labels';

export function StatusBadge(props: { status: OrderStatus }) {
  return <span class={`badge ${props.status}`} data-status={props.status}>{statusLabel(props.status)}</span>;
}
