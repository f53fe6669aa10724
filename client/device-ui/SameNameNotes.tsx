// Above a list of search results: which names more than one of them share, and what tells
// those orders apart (same-names.ts).
import { For, createMemo } from 'solid-js';
import { useFundraiser } from '../device/context';
import { sameNameNotes } from './same-names';

export function SameNameNotes(props: { ids: readonly string[] }) {
  const store = useFundraiser();
  const notes = createMemo(() => sameNameNotes(props.ids.flatMap((id) => store.listed(id) ?? [])));
  return <For each={notes()}>{(note) => <p class="notice warn same-name" data-testid="same-name">{note}</p>}</For>;
}
