// Keyboard and screen-reader plumbing for the device apps: one polite live region per app that
// says what an action did ("W-213 checked in."), focus moved to where the work goes on (a
// button that did its job often disappears, and the browser then drops focus to <body>), and
// the confirmations' keys (Escape means "no", and focus goes back to what asked).
import { createSignal, onMount } from 'solid-js';
import type { JSX } from 'solid-js';

const [said, setSaid] = createSignal('');

/** Says a result to a screen reader, politely. Emptied first: the same words twice are said twice. */
export function announce(text: string): void {
  clearTimeout(afterPause); // what an action did wins over a count still waiting for a pause
  setSaid('');
  queueMicrotask(() => setSaid(text));
}

let afterPause: ReturnType<typeof setTimeout> | undefined;

/**
 * Says what `text()` gives (nothing if undefined) once `ms` pass without another call: called on
 * every keystroke, it speaks once typing pauses instead of flooding the screen reader.
 */
export function announceAfterPause(text: () => string | undefined, ms = 500): void {
  clearTimeout(afterPause);
  afterPause = setTimeout(() => {
    const words = text();
    if (words) announce(words);
  }, ms);
}

/** The app's one live region (role=status: polite). */
export function Announcer(): JSX.Element {
  return <p class="sr-only" role="status" aria-live="polite" data-testid="announcement">{said()}</p>;
}

/**
 * Focuses the first element found by `finders`, once the screen shows what the state just set
 * (a form opened, a button gone). `preventScroll` is not asked: focus brings it into view.
 */
export function focusSoon(...finders: (() => Element | null | undefined)[]): void {
  const attempt = () => {
    for (const find of finders) {
      const element = find();
      if (element instanceof HTMLElement && element.isConnected && !(element as HTMLButtonElement).disabled) return (element.focus(), true);
    }
    return false;
  };
  // Solid has drawn by the microtask; a list filled from a search may need the next frame.
  queueMicrotask(() => attempt() || requestAnimationFrame(attempt));
}

/** A failed submit takes the user to what went wrong: the first marked field, else the message. */
export function focusFirstError(form: HTMLElement | undefined): void {
  focusSoon(() => form?.querySelector('[aria-invalid="true"], [data-focus-on-error]'));
}

/** The keys of an in-page question: Escape answers "no". */
export function onEscape(no: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    no();
  };
}

/** Focuses an element as it appears (the safe answer of a question, a form's first field). */
export function focusOnMount(element: () => HTMLElement | undefined): void {
  onMount(() => element()?.focus());
}
