// Above a list of search results: which names more than one of them share, and what tells
// those orders apart (same-names.ts). Not for a number typed (the customer gave it: the exact
// order comes first, and notes above it only pushed its card off a phone's screen), and at
// most two, then how many more names are shared.
import { For, Show, createMemo } from 'solid-js';
import { useFundraiser } from '../device/context';
import { sameNameNotes } from './same-names';

const MOST = 2;

export function SameNameNotes(props: { ids: readonly string[]; query: string }) {
  const store = useFundraiser();
  const notes = createMemo(() => (/\d/.test(props.query) ? [] : sameNameNotes(props.ids.flatMap((id) => store.listed(id) ?? []))));
  return (
    <>
      <For each={notes().slice(0, MOST)}>{(note) => <p class="notice warn same-name" data-testid="same-name">{note}</p>}</For>
      <Show when={notes().length > MOST}>
        <p class="hint same-name-more" data-testid="same-name-more">{notes().length - MOST} more names are shared by several orders: type more of the name.</p>
      </Show>
    </>
  );
}
