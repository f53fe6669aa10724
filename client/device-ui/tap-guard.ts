// A double tap on a button that answers a question lands its second tap on whatever moves into
// its place: on the clerk's card, "Yes, given back" tapped twice opened "Undo a mistake…" (the
// question went, the card's other buttons came back and moved up under the finger). So for a
// moment after a pointer's click on a button marked `data-settles`, a pointer's click on the
// place that button had is ignored. Only there ("Check in" tapped right after "Yes" works), and
// only a pointer's: a click from Enter or Space (`detail` 0) is deliberate and never held back.

/** Long enough for the second tap of a double tap (≈100–300 ms apart), short for a person reading. */
export const SETTLE_MS = 400;
/** A finger's second tap lands a few pixels off the first. */
const SLACK_PX = 8;

/**
 * Puts the guard on a container, ahead of its buttons' own handlers (capture phase: Solid's
 * are delegated to the document, so a click stopped here never reaches them). While a place is
 * held the container has `data-held` (a test waits for it to go rather than for a time).
 */
export function guardDoubleTaps(container: HTMLElement, now: () => number = () => performance.now()): void {
  let held: { place: DOMRect; until: number } | undefined;
  let lapse: ReturnType<typeof setTimeout> | undefined;
  const hold = (place: DOMRect) => {
    held = { place, until: now() + SETTLE_MS };
    container.setAttribute('data-held', '');
    clearTimeout(lapse);
    lapse = setTimeout(() => container.removeAttribute('data-held'), SETTLE_MS);
  };
  container.addEventListener('click', (event) => {
    if (event.detail === 0) return; // Enter or Space
    if (held && now() <= held.until && within(held.place, event)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    // Its place as it is now, before its handler changes the layout.
    const settles = event.target instanceof Element ? event.target.closest('[data-settles]') : null;
    if (settles && container.contains(settles)) hold(settles.getBoundingClientRect());
  }, true);
}

function within(place: DOMRect, event: MouseEvent): boolean {
  return event.clientX >= place.left - SLACK_PX && event.clientX <= place.right + SLACK_PX &&
    event.clientY >= place.top - SLACK_PX && event.clientY <= place.bottom + SLACK_PX;
}
