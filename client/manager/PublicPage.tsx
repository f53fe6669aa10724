// The fundraiser's public page: its name, and whether the website knows it at all. A manager
// who opens a new fundraiser id on this device has a document at once (it syncs like any
// other), but the website shows a fundraiser only once it has a name on the server
// (POST /api/fundraisers, docs/EXTENSIONS.md). Online only: the name is a record on the
// server, not an event in the document.
import { Show, createResource, createSignal } from 'solid-js';
import { z } from 'zod';
import { useFundraiser } from '../device/context';
import { fetchFundraisers, listedFundraiser } from '../device/fundraiser-list';
import { Field, FormError } from '../device-ui/Field';
import { serverErrors, type FieldErrors } from '../device-ui/form-errors';
import { ApiError, postJson, requestJson } from '../shared/api';

const PageAnswer = z.object({ id: z.string(), name: z.string() });
type Page = { exists: false } | { exists: true; name: string };

async function readPage(fid: string): Promise<Page> {
  try {
    return { exists: true, name: (await requestJson(PageAnswer, `/api/fundraisers/${encodeURIComponent(fid)}`)).name };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { exists: false };
    throw error;
  }
}

export function PublicPage() {
  const store = useFundraiser();
  const [page, { mutate }] = createResource(() => store.fid, readPage);
  const [name, setName] = createSignal<string>();
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [saved, setSaved] = createSignal(false);
  const current = () => { const p = page(); return p?.exists ? p.name : ''; };
  const url = () => `/order/${encodeURIComponent(store.fid)}`;

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const exists = page()?.exists === true;
    const headers = { authorization: `Bearer ${store.session().token}` };
    const body = { name: name() ?? current() };
    try {
      const answer = exists
        ? await requestJson(PageAnswer, `/api/fundraisers/${encodeURIComponent(store.fid)}`, { ...postJson(body, headers), method: 'PATCH' })
        : await requestJson(PageAnswer, '/api/fundraisers', postJson({ id: store.fid, ...body }, headers));
      mutate({ exists: true, name: answer.name });
      void fetchFundraisers(store.session()).catch(() => {}); // the header names it
      setName(undefined);
      setErrors({});
      setSaved(true);
    } catch (error) {
      setSaved(false);
      setErrors(serverErrors(error, (e) => (e instanceof Error ? e.message : 'Saving failed.')));
    }
  }

  return (
    <form class="public-page" onSubmit={save} novalidate data-testid="public-page">
      <h3>Public page</h3>
      <Show when={!page.loading} fallback={<p class="hint">Asking the server…</p>}>
        <Show when={!page.error} fallback={<p class="notice warn">The server could not be asked about the public page ({(page.error as Error)?.message}). Try again when online.</p>}>
          <p class="hint" data-testid="public-page-state">
            {page()?.exists
              ? <>Customers order at <a href={url()} target="_blank" rel="noopener">{url()}</a>.</>
              : <>This fundraiser has no public page yet: give it a name to open <code>{url()}</code> (website ordering stays closed until you open it below).</>}
          </p>
          <div class="row">
            <div class="grow"><Field id="public-page-name" label="Name customers see" value={name() ?? current()} error={errors().name ?? errors().id} onInput={(v) => (setSaved(false), setName(v))} /></div>
            <button type="submit">{page()?.exists ? 'Rename' : 'Create public page'}</button>
          </div>
          <Show when={saved()}><p class="hint">Saved.</p></Show>
          <FormError error={errors()._form} />
          <Show when={page()?.exists}><ArchiveToggle fid={store.fid} token={store.session().token} /></Show>
        </Show>
      </Show>
    </form>
  );
}

/** Archived: left out of the apps' lists of fundraisers (a season's old ones); its data, its
 *  links and its public page stay as they are. Archiving closes website ordering too: nobody
 *  watches an archived fundraiser, so orders there would go unseen (reopening is the manager's
 *  choice, in the catalog). */
function ArchiveToggle(props: { fid: string; token: string }) {
  const store = useFundraiser();
  const [problem, setProblem] = createSignal<string>();
  const archived = () => listedFundraiser(props.fid)?.archived === true;
  async function toggle(next: boolean) {
    try {
      await requestJson(PageAnswer, `/api/fundraisers/${encodeURIComponent(props.fid)}`, { ...postJson({ archived: next }, { authorization: `Bearer ${props.token}` }), method: 'PATCH' });
      setProblem(undefined);
      if (next && store.websiteOpen()) store.run({ type: 'SetWebsiteOrdering', open: false });
      await fetchFundraisers(store.session());
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Saving failed.');
    }
  }
  return (
    <div class="archive-toggle">
      <label><input type="checkbox" checked={archived()} onChange={(e) => { const box = e.currentTarget; void toggle(box.checked).then(() => { box.checked = archived(); }); }} data-testid="archived" /> Archived: left out of the lists clerks and managers choose from, and website ordering closed (its orders, links and public page stay)</label>
      <FormError error={problem()} />
    </div>
  );
}
