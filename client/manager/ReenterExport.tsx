// The manager re-enters a device's export: after the server was restored from a backup, the
// work a device did since the backup is only in the file it exported (DeviceShell's "Export
// this device's events"). This lists what the file holds that this copy lacks, order by order,
// and records it again as the manager's own changes (reentry.ts says why not replayed).
import { For, Show, createSignal } from 'solid-js';
import { useFundraiser } from '../device/context';
import { afterNextPaint } from '../device/yield';
import { FormError } from '../device-ui/Field';
import { announce, focusSoon } from '../device-ui/a11y';
import { screenMessage } from '../device-ui/screen-text';
import { compareExport, parseExport } from './reentry';
import type { ExportComparison, Reentry } from './reentry';

/** A fundraiser's export runs to tens of megabytes at 100k events; far beyond that is not one. */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

type Outcome = { orderNumber: string; text: string; ok: boolean };

export function ReenterExport() {
  const store = useFundraiser();
  const [found, setFound] = createSignal<ExportComparison & { file: string }>();
  const [outcomes, setOutcomes] = createSignal<Outcome[]>();
  const [error, setError] = createSignal<string>();
  const [reading, setReading] = createSignal<string>();
  const [progress, setProgress] = createSignal<string>();
  let section: HTMLElement | undefined;

  async function read(file: File | undefined) {
    setFound(undefined);
    setOutcomes(undefined);
    setError(undefined);
    if (!file) return;
    setReading(file.name);
    await afterNextPaint(); // the fold of a big export holds the page for a second or two: say so first
    const problem = await compared(file).catch(() => 'This file could not be read.').finally(() => setReading(undefined));
    if (typeof problem === 'string') return setError(problem);
    setFound({ ...problem, file: file.name });
    focusSoon(() => section?.querySelector('[data-testid=reentry-found]'));
  }

  async function compared(file: File): Promise<ExportComparison | string> {
    if (file.size > MAX_FILE_BYTES) return 'This file is too large to be an export of this app.';
    const parsed = parseExport(await file.text());
    if (!parsed.ok) return parsed.reason;
    if (parsed.value.fid !== store.fid) return `This export is of fundraiser "${parsed.value.fid}", not "${store.fid}". Open that fundraiser to re-enter it.`;
    const current = store.projection();
    return current ? compareExport(parsed.value, current) : 'This device is still loading its copy: try again in a moment.';
  }

  /** Order by order, giving the page a turn every 50 ms: 10,000 orders take many seconds, and say how far they are. */
  async function reenter(reentries: Reentry[]) {
    setFound(undefined);
    const done: Outcome[] = [];
    let turn = performance.now();
    for (const reentry of reentries) {
      done.push(runAll(reentry));
      if (performance.now() - turn < 50) continue;
      setProgress(`Re-entering: ${done.length} of ${reentries.length} orders…`);
      await afterNextPaint();
      turn = performance.now();
    }
    setProgress(undefined);
    setOutcomes(done);
    const entered = done.filter((o) => o.ok).length;
    announce(`${entered} of ${done.length} order${done.length === 1 ? '' : 's'} re-entered.`);
    focusSoon(() => section?.querySelector('[data-testid=reentry-outcomes]'));
  }

  /** An order's steps in turn; the first refusal stops that order (a payment on an order not placed means nothing). */
  function runAll(reentry: Reentry): Outcome {
    for (const step of reentry.steps) {
      const decision = store.run(step.command);
      if (!decision.ok) return { orderNumber: reentry.orderNumber, ok: false, text: `not re-entered at "${step.text}": ${screenMessage(decision.error.message)}` };
    }
    return { orderNumber: reentry.orderNumber, ok: true, text: `re-entered: ${reentry.steps.map((s) => s.text).join(', ')}` };
  }

  return (
    <section class="card reenter" ref={section} aria-labelledby="reenter-title">
      <h2 id="reenter-title">Re-enter a device's export</h2>
      <p class="hint">After the server was restored from a backup, a device's work since the backup is only in the file it exported. Choose that file: this lists what it holds that this copy lacks, and records it again as your changes, now.</p>
      <label class="field"><span>Export file (.json)</span>
        <input type="file" accept=".json,application/json" data-testid="reentry-file" disabled={!store.ready() || progress() !== undefined}
          onChange={(e) => { const file = e.currentTarget.files?.[0]; e.currentTarget.value = ''; void read(file); }} />
      </label>
      <Show when={reading()}>{(name) => <p role="status">Reading {name()}…</p>}</Show>
      <Show when={progress()}>{(text) => <p role="status" data-testid="reentry-progress">{text()}</p>}</Show>
      <FormError error={error()} />
      <Show when={found()}>{(f) => <Found found={f()} onReenter={reenter} />}</Show>
      <Show when={outcomes()}>
        {(done) => (
          <ul class="plain" data-testid="reentry-outcomes" tabindex="-1">
            <For each={done()}>{(o) => <li classList={{ refused: !o.ok }}><strong>{o.orderNumber}</strong> {o.text}</li>}</For>
          </ul>
        )}
      </Show>
    </section>
  );
}

function Found(props: { found: ExportComparison & { file: string }; onReenter: (reentries: Reentry[]) => void }) {
  const count = () => props.found.reentries.length;
  return (
    <div data-testid="reentry-found" tabindex="-1">
      <Show when={count() > 0} fallback={<p class="notice ok">Nothing to re-enter: this copy has everything {props.found.file} holds.</p>}>
        <p>{props.found.file} holds work on {count()} order{count() === 1 ? '' : 's'} that this copy lacks:</p>
        <ul class="plain">
          <For each={props.found.reentries}>{(r) => <li><strong>{r.orderNumber}</strong> {r.name}: {r.steps.map((s) => s.text).join(', ')}</li>}</For>
        </ul>
        <button type="button" onClick={() => props.onReenter(props.found.reentries)}>Re-enter {count()} order{count() === 1 ? '' : 's'}</button>
      </Show>
      <Show when={props.found.ignored > 0}>
        <p class="notice warn">{props.found.ignored} of the file's entries could not be read or applied (damaged, or for an order the file lacks): they are left out.</p>
      </Show>
      <Show when={props.found.differing.length > 0}>
        <p class="notice warn">Not re-entered, to check by hand (either copy may be the later one): {props.found.differing.map((d) => `${d.orderNumber} ${d.name} (${d.what})`).join('; ')}.</p>
      </Show>
    </div>
  );
}
