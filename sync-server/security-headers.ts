// Headers every HTTP answer carries. The pages hold staff tools (Disable, Revoke, Cancel) and
// customers' receipts: no other site may frame them (clickjacking), a receipt's link must not
// leak to another site as a referrer, and nothing is sniffed into another type. The pages load
// only their own hashed scripts and styles (vite's build has no inline script or style), so
// the content policy can allow 'self' alone. Sync is a same-origin WebSocket, which 'self'
// covers in current browsers; older Safari (an old club iPad) did not count ws: as 'self', so
// ws: and wss: are named too: a sync that failed there would be worse than the wider rule.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self' ws: wss:", "worker-src 'self'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
});
