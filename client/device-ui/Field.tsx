// One labelled input with its error beside it.
import { Show } from 'solid-js';
import type { JSX } from 'solid-js';

export function Field(props: {
  id: string; label: string; value: string; error?: string | undefined; type?: string; inputmode?: 'numeric' | 'decimal' | 'text' | 'search';
  placeholder?: string; autocomplete?: string; autocapitalize?: 'none'; onInput: (value: string) => void;
}): JSX.Element {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} type={props.type ?? 'text'} value={props.value} inputmode={props.inputmode} placeholder={props.placeholder}
        autocomplete={props.autocomplete ?? 'off'} autocapitalize={props.autocapitalize} spellcheck={props.autocapitalize === 'none' ? false : undefined} aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={props.error ? `${props.id}-error` : undefined} onInput={(e) => props.onInput(e.currentTarget.value)} />
      <Show when={props.error}><p class="field-error" id={`${props.id}-error`}>{props.error}</p></Show>
    </div>
  );
}

/** Not beside one field: focusable, so a failed submit can take the user to it (a11y.ts). */
export function FormError(props: { error?: string | undefined }) {
  return <Show when={props.error}><p class="notice error" role="alert" tabindex="-1" data-focus-on-error>{props.error}</p></Show>;
}
