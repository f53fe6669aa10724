// Characters a reader cannot see, or that mislead: C0/C1 controls (tab, line feed and carriage
// return aside) and the text-direction overrides and isolates (U+202E shows "Anna" reversed).
// The website refuses them in what customers type; the CSV shows any older ones as U+FFFD.
export const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
