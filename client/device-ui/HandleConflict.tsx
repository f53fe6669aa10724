// Marking a conflict handled (the manager's app): a short note of what was done, for the
// other devices and for later. The conflict stays listed, marked; it opens again if it gains
// events, or when a manager takes the mark back (reopens it, saying why). Asked in place, like
// the apps' other questions: focus on the note, Escape is "Back".
import { Show, createSignal } from 'solid-js';
import { conflictRef, conflictSubject as subjectOf, type Conflict } from '../../domain';
import { useFundraiser } from '../device/context';
import { conflictKey } from '../device/sync-once';
import { FormError } from './Field';
import { announce, focusSoon, onEscape } from './a11y';
import { screenMessage } from './screen-text';

/**
 * Notes being written, by the conflict as it was when the note began. A conflict that gains an
 * event meanwhile is drawn anew (its key changed): the note and the focus in it must survive
 * that, so a note is found again by what the conflict is about and the events it had.
 */
type Mode = 'handle' | 'reopen';
interface Draft { note: string; subject: string; ids: readonly string[]; mode: Mode }

const WORDS: Record<Mode, { ask: string; submit: string; label: string; done: string; type: 'HandleConflict' | 'ReopenConflict' }> = {
  handle: { ask: 'Mark handled…', submit: 'Mark handled', label: 'What was done?', done: 'Conflict marked handled.', type: 'HandleConflict' },
  reopen: { ask: 'Reopen…', submit: 'Reopen', label: 'Why reopen it?', done: 'Conflict reopened.', type: 'ReopenConflict' },
};
const [drafts, setDrafts] = createSignal<ReadonlyMap<string, Draft>>(new Map());

function draftOf(conflict: Conflict, mode: Mode): [string, Draft] | undefined {
  const exact = drafts().get(`${mode}:${conflictKey(conflict)}`);
  if (exact) return [`${mode}:${conflictKey(conflict)}`, exact];
  const subject = subjectOf(conflict);
  return [...drafts()].find(([, d]) => d.mode === mode && d.subject === subject && d.ids.some((id) => conflict.eventIds.includes(id)));
}
function setDraft(began: string, draft: Draft | undefined): void {
  const next = new Map(drafts());
  if (draft) next.set(began, draft);
  else next.delete(began);
  setDrafts(next);
}

export function HandleConflict(props: { conflict: Conflict; mode: Mode }) {
  const store = useFundraiser();
  const [error, setError] = createSignal<string>();
  const words = () => WORDS[props.mode];
  const found = () => draftOf(props.conflict, props.mode);
  const draft = () => found()?.[1];
  const changed = () => found() !== undefined && found()![0] !== `${props.mode}:${conflictKey(props.conflict)}`;
  const drop = () => { const began = found()?.[0]; if (began !== undefined) setDraft(began, undefined); };
  let item: HTMLDivElement | undefined;

  function mark(event: SubmitEvent) {
    event.preventDefault();
    const text = draft()?.note.trim() ?? '';
    const decision = store.run({ type: words().type, conflict: conflictRef(props.conflict), ...(text ? { note: text } : {}) });
    if (!decision.ok) return setError(screenMessage(decision.error.message));
    drop();
    announce(words().done);
    // This item moves to the other list: go on with the (first) open conflict.
    focusSoon(() => document.querySelector<HTMLElement>('[data-testid=open-conflicts] [data-action=handle]'),
      () => document.querySelector<HTMLElement>('[data-testid=handled-conflicts] summary'));
  }
  function back() {
    drop();
    setError(undefined);
    focusSoon(() => item?.querySelector(`[data-action=${props.mode}]`));
  }
  const ask = () => setDraft(`${props.mode}:${conflictKey(props.conflict)}`, { note: '', subject: subjectOf(props.conflict), ids: props.conflict.eventIds, mode: props.mode });

  return (
    <div ref={item} class="handle-conflict">
      <Show when={draft()} fallback={<button type="button" class="secondary" data-action={props.mode} onClick={ask}>{words().ask}</button>}>
        <form class="confirm" onSubmit={mark} onKeyDown={onEscape(back)}>
          <Show when={changed()}><p class="notice warn" role="status">This conflict changed while you wrote: read it again first.</p></Show>
          <NoteField label={words().label} value={draft()?.note ?? ''} onInput={(note) => setDraft(found()![0], { ...draft()!, note })} />
          <div class="row">
            <button type="submit">{words().submit}</button>
            <button type="button" class="secondary" onClick={back}>Back</button>
          </div>
          <FormError error={error()} />
        </form>
      </Show>
    </div>
  );
}

/** Focused as it appears, unless focus is somewhere else already (another note): drawn anew, it takes focus back. */
function NoteField(props: { label: string; value: string; onInput: (text: string) => void }) {
  let field: HTMLTextAreaElement | undefined;
  focusSoon(() => (document.activeElement === document.body || !document.activeElement ? field : undefined));
  queueMicrotask(() => field?.setSelectionRange(field.value.length, field.value.length));
  return (
    <label class="field">
      <span>{props.label} (optional, the other devices see it)</span>
      <textarea ref={field} rows="2" maxLength={500} value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} />
    </label>
  );
}
