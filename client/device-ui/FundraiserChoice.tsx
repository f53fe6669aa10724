// Which fundraiser the app shows, when no link names one and the device has opened none: the
// account's list from the server (one opens at once); a manager may also start a new id. And
// the switch in the apps' headers.
import { For, Match, Show, Switch, createEffect, createResource, createSignal } from 'solid-js';
import { FID_PATTERN } from '../../sync-server/shared/protocol';
import { ApiError } from '../shared/api';
import { knownFundraisers } from '../device/fundraiser-choice';
import { cachedFundraisers, fetchFundraisers, fundraiserChoices, fundraiserLabel, listedFundraiser } from '../device/fundraiser-list';
import { mayOpen } from '../device/session';
import type { ListedFundraiser } from '../device/fundraiser-list';
import type { Session } from '../device/session';
import { Field } from './Field';

export function ChooseFundraiser(props: { session: Session; notice?: string; onChoose: (fid: string) => void; onLogOut: () => void }) {
  // The same choices as the headers offer (archived ones left out); the device has opened none.
  const [listed, { refetch }] = createResource(() => fetchFundraisers(props.session).then((all) => fundraiserChoices(all, [])));
  // One fundraiser to open: straight there, unless a notice must be read first (a link to one it may not open).
  createEffect(() => { const only = listed.error ? undefined : listed(); if (only?.length === 1 && !props.notice) props.onChoose(only[0]!.id); });
  // The server cannot be asked (offline): what this device knows, the archived left out (the
  // last one opened may be here because it was archived).
  const offline = () => (listed.error instanceof ApiError ? [] : fundraiserChoices(cachedFundraisers(), knownFundraisers().filter((fid) => mayOpen(props.session, fid))));
  return (
    <main class="centered">
      <div class="card choose-fundraiser">
        <h1>Which fundraiser?</h1>
        <Show when={props.notice}><p class="notice warn" role="alert" data-testid="not-allowed">{props.notice}</p></Show>
        <Switch>
          <Match when={listed.error}>
            <p class="notice error" role="alert">{listProblem(listed.error, offline().length > 0)}</p>
            <button type="button" class="secondary" onClick={() => void refetch()}>Try again</button>
            <Show when={offline().length > 0}><FundraiserButtons list={offline()} onChoose={props.onChoose} /></Show>
          </Match>
          <Match when={listed.loading}><p class="hint">Asking the server which fundraisers you may open…</p></Match>
          <Match when={listed()?.length === 0}><p class="hint">No fundraiser is open to your account yet. {props.session.role === 'manager' ? 'Start one below.' : 'Ask your manager.'}</p></Match>
          <Match when={listed()}>{(list) => <FundraiserButtons list={list()} onChoose={props.onChoose} />}</Match>
        </Switch>
        <Show when={props.session.role === 'manager'}><NewFundraiser onChoose={props.onChoose} /></Show>
        <button type="button" class="link" onClick={() => props.onLogOut()}>Log out</button>
      </div>
    </main>
  );
}

function FundraiserButtons(props: { list: ListedFundraiser[]; onChoose: (fid: string) => void }) {
  return (
    <ul class="fundraiser-list">
      <For each={props.list}>{(f) => <li><button type="button" class="secondary" title={f.id} onClick={() => props.onChoose(f.id)}>{fundraiserLabel(f, props.list)}</button></li>}</For>
    </ul>
  );
}

function listProblem(error: unknown, known: boolean): string {
  if (error instanceof ApiError && error.status === 401) return 'Your login is no longer valid. Log out and log in again.';
  if (error instanceof ApiError) return error.message;
  if (known) return 'This device cannot reach the server to list the fundraisers. These are the ones it knows:';
  return 'This device cannot reach the server, and it has not opened a fundraiser yet. Connect once, or open the link your manager sent you.';
}

/** A manager's new fundraiser starts on her device; under Catalog → Public page she names it. */
function NewFundraiser(props: { onChoose: (fid: string) => void }) {
  const [id, setId] = createSignal('');
  const [error, setError] = createSignal<string>();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!FID_PATTERN.test(id().trim())) return setError('Use 1 to 64 letters, digits or _ . : @ - (not dots alone)');
    props.onChoose(id().trim());
  };
  return (
    <form class="new-fundraiser" onSubmit={submit} novalidate>
      <Field id="new-fundraiser-id" label="Or start a new fundraiser (its id, as in its links)" value={id()} error={error()} placeholder="waffles-2027" autocapitalize="none" onInput={(value) => { setId(value); setError(undefined); }} />
      <button type="submit">Open</button>
    </form>
  );
}

/** The header's switch: a fundraiser's name, and the others this account may open. */
export function FundraiserSwitch(props: { fid: string; choices: ListedFundraiser[]; onChoose: (fid: string) => void }) {
  // The one open is always offered, named if the list knows it (archived ones are left out).
  const choices = () => (props.choices.some((f) => f.id === props.fid) ? props.choices : [listedFundraiser(props.fid) ?? { id: props.fid, name: null }, ...props.choices]);
  return (
    <Show when={choices().length > 1} fallback={<span data-testid="fundraiser">{switchLabel(choices()[0]!, choices())}</span>}>
      <select class="fundraiser-switch" aria-label="Fundraiser" data-testid="fundraiser" value={props.fid} onChange={(e) => { props.onChoose(e.currentTarget.value); e.currentTarget.value = props.fid; /* still here if the switch was declined */ }}>
        <For each={choices()}>{(f) => <option value={f.id} selected={f.id === props.fid}>{switchLabel(f, choices())}</option>}</For>
      </select>
    </Show>
  );
}

/** The open one may be archived (opened by a link): the switch says so too. */
function switchLabel(f: ListedFundraiser, among: ListedFundraiser[]): string {
  return f.archived ? `${fundraiserLabel(f, among)} (archived)` : fundraiserLabel(f, among);
}
