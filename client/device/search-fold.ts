// How a name is spelled when typed at the door: without accents, in lower case, ß as "ss",
// ø as "o", "Hans-Peter" as "hans peter". Folding only removes accents for letters that have
// one (NFKD splits "é" into "e" and a mark); ß, ø, æ, œ, ł, đ, þ have none, so they are
// spelled out here. The same fold serves the search index (once per order, when it changes)
// and the query (once per keystroke), so both sides agree.

/** Letters without an accent to strip, as people type them on a keyboard without them. */
const SPELLED: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const UNACCENTED = /[ßøæœłđðþı]/g;
/** Hyphens and dashes, apostrophes, dots, '#': read as a space ("Hans-Peter", "O'Brien", "#213"). */
const SEPARATORS = /[-\u2010-\u2015'\u2018\u2019\u02bc`´.#_]+/g;
/** German transliteration: "Müller" is also typed "Mueller". */
const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue' };
const UMLAUTS = /[äöü]/g;

export function foldForSearch(text: string): string {
  const lower = text.toLowerCase();
  const letters = ASCII.test(lower) ? lower : lower.normalize('NFKD').replace(/\p{M}/gu, '').replace(UNACCENTED, (c) => SPELLED[c]!);
  return letters.replace(SEPARATORS, ' ').replace(/\s+/g, ' ').trim();
}
/** Most numbers, emails, phones and many names: nothing to decompose (a third of the index's time). */
const ASCII = /^[\x00-\x7f]*$/;

/** The German spelling of a text with ä, ö or ü ("müller" → "mueller"), folded; else undefined. */
export function germanFold(text: string): string | undefined {
  if (ASCII.test(text)) return undefined;
  const lower = text.normalize('NFC').toLowerCase();
  return lower.search(UMLAUTS) < 0 ? undefined : foldForSearch(lower.replace(UMLAUTS, (c) => GERMAN[c]!));
}

/** A text's words joined where a separator split them ("Hans-Peter Groß" → "hanspeter gross"), else undefined. */
export function joinedFold(text: string): string | undefined {
  return text.search(SEPARATORS) < 0 ? undefined : foldForSearch(text.replace(SEPARATORS, ''));
}
