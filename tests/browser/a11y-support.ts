// What the keyboard and screen-reader tests look at: where focus is, what the live region said,
// what describes a field.
import type { Page } from 'playwright-core';

/** The focused element, as a CSS-ish description ("BODY" when focus was dropped). */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'BODY';
    const data = e.getAttribute('data-action') ?? e.getAttribute('data-answer') ?? e.getAttribute('data-testid');
    return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${data ? `[${data}]` : ''} ${(e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)}`.trim();
  });
}

/** Waits until the element `selector` (a Playwright selector: `:has-text()` works) has focus;
 *  fails saying where focus is instead. */
export async function expectFocus(page: Page, selector: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const has = await page.locator(selector).first().evaluate((e) => e === document.activeElement, undefined, { timeout: 500 }).catch(() => false);
    if (has) return;
    if (Date.now() > deadline) throw new Error(`focus should be on ${selector}, is on: ${await focused(page)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the polite live region says `text`. */
export async function expectAnnounced(page: Page, text: string): Promise<void> {
  try {
    await page.waitForFunction((t) => document.querySelector('[data-testid=announcement][aria-live=polite]')?.textContent === t, text, { timeout: 3_000 });
  } catch {
    const said = await page.evaluate(() => document.querySelector('[data-testid=announcement]')?.textContent ?? '(no live region)');
    throw new Error(`the live region should say "${text}", says "${said}"`);
  }
}

/** The text of what describes a field (aria-describedby), or undefined. */
export function description(page: Page, selector: string): Promise<string | undefined> {
  return page.$eval(selector, (e) => {
    const ids = e.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
    const text = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
    return text || undefined;
  });
}
