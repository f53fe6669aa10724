// Marking a conflict handled (the manager's app): a short note of what was done, for the
// other devices and for later. The conflict stays listed, marked; it opens again if it gains
// events. Asked in place, like the apps' other questions: focus on the note, Escape is "Back".
import { Show, createSignal } from 'solid-js';
import { conflictRef, type Conflict } from '../../domain';
import { useFundraiser } from '../device/context';
import { FormError } from './Field';
import { announce, focusOnMount, focusSoon, onEscape } from './a11y';
import { screenMessage } from './screen-text';

export function HandleConflict(props: { conflict: Conflict }) {
  const store = useFundraiser();
  const [asking, setAsking] = createSignal(false);
  const [note, setNote] = createSignal('');
  const [error, setError] = createSignal<string>();
  let item: HTMLDivElement | undefined;

  function mark(event: SubmitEvent) {
    event.preventDefault();
    const text = note().trim();
    const decision = store.run({ type: 'HandleConflict', conflict: conflictRef(props.conflict), ...(text ? { note: text } : {}) });
    if (!decision.ok) return setError(screenMessage(decision.error.message));
    announce('Conflict marked handled.');
    // This item moves to the handled ones: go on with the next open conflict.
    focusSoon(() => document.querySelector<HTMLElement>('[data-testid=open-conflicts] [data-action=handle]'),
      () => document.querySelector<HTMLElement>('[data-testid=handled-conflicts] summary'));
  }
  function back() {
    setAsking(false);
    setError(undefined);
    focusSoon(() => item?.querySelector('[data-action=handle]'));
  }

  return (
    <div ref={item} class="handle-conflict">
      <Show when={asking()} fallback={<button type="button" class="secondary" data-action="handle" onClick={() => setAsking(true)}>Mark handled…</button>}>
        <form class="confirm" onSubmit={mark} onKeyDown={onEscape(back)}>
          <NoteField value={note()} onInput={setNote} />
          <div class="row">
            <button type="submit">Mark handled</button>
            <button type="button" class="secondary" onClick={back}>Back</button>
          </div>
          <FormError error={error()} />
        </form>
      </Show>
    </div>
  );
}

function NoteField(props: { value: string; onInput: (text: string) => void }) {
  let field: HTMLTextAreaElement | undefined;
  focusOnMount(() => field);
  return (
    <label class="field">
      <span>What was done? (optional, the other devices see it)</span>
      <textarea ref={field} rows="2" maxLength={500} value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} />
    </label>
  );
}
