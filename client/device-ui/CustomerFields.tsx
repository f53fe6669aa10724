// The customer's name, email and phone, with decide()'s messages beside them.
import type { Customer } from '../../domain';
import { Field } from './Field';

export interface CustomerDraft { name: string; email: string; phone: string }

export function customerDraftOf(customer?: Customer): CustomerDraft {
  return { name: customer?.name ?? '', email: customer?.email ?? '', phone: customer?.phone ?? '' };
}

/** Empty optional fields are left out, as the schema wants. */
export function customerOf(draft: CustomerDraft): Record<string, string> {
  return {
    name: draft.name,
    ...(draft.email.trim() ? { email: draft.email } : {}),
    ...(draft.phone.trim() ? { phone: draft.phone } : {}),
  };
}

export function CustomerFields(props: { idPrefix: string; draft: CustomerDraft; errors: Record<string, string>; compact?: boolean; onChange: (key: keyof CustomerDraft, value: string) => void }) {
  return (
    <div class="customer-fields" classList={{ compact: props.compact }}>
      <Field id={`${props.idPrefix}-name`} label="Customer name" value={props.draft.name} error={props.errors['customer.name']} onInput={(v) => props.onChange('name', v)} />
      <Field id={`${props.idPrefix}-email`} label="Email (optional)" type="email" value={props.draft.email} error={props.errors['customer.email']} onInput={(v) => props.onChange('email', v)} />
      <Field id={`${props.idPrefix}-phone`} label="Phone (optional)" type="tel" value={props.draft.phone} error={props.errors['customer.phone']} onInput={(v) => props.onChange('phone', v)} />
    </div>
  );
}
