// A hand-written check of one log element against the event schemas (events.ts), for the
// hot path: zod builds a copy of every event and costs most of a fold. It only ever says
// "valid, and zod's output would equal the input", or "ask zod": an element it is unsure
// of (an untrimmed string, an unusual object, anything invalid) goes to zod, which stays
// the schema of record and gives the reason of a rejection. So it may be incomplete but
// never more lenient than zod (tests/domain/event-check.test.ts checks both properties).
// An element it accepts is used as it is, not copied: the fold never mutates events.
import type { FundraiserEvent } from './events';
import { CONFLICT_KINDS, Customer, DIGEST_PATTERN, ID_PATTERN as ID, MAX_HANDLED_IDS, MAX_REF_EVENTS, MAX_LINES, MAX_QUANTITY, MAX_SEEN, PHONE_PATTERN as PHONE, Timestamp } from './schema';

type Obj = Record<string, unknown>;

/** The very patterns zod's `z.iso.datetime({ offset: true })` and `z.email()` test. */
const TIMESTAMP = patternOf(Timestamp);
const EMAIL = patternOf((Customer.shape.email.unwrap() as unknown as { _zod: { def: { out: unknown } } })._zod.def.out);
const ROLES = new Set(['website', 'manager', 'clerk']);
const METHODS = new Set(['cash', 'card', 'online', 'transfer']);
const KINDS = new Set<string>(CONFLICT_KINDS);

function patternOf(schema: unknown): RegExp {
  const pattern = (schema as { _zod?: { pattern?: unknown } })._zod?.pattern;
  if (!(pattern instanceof RegExp) || pattern.global || pattern.sticky) {
    throw new Error('zod no longer exposes a stateless pattern this check can reuse');
  }
  return pattern;
}

/** The element as an event when it is certainly valid and canonical; undefined means "ask zod". */
export function fastEvent(value: unknown): FundraiserEvent | undefined {
  if (!isPlain(value) || !envelope(value)) return undefined;
  const data = value.data;
  if (!isPlain(data) || !dataOk(value.type, data)) return undefined;
  return value as unknown as FundraiserEvent;
}

const ENVELOPE_KEYS = new Set(['id', 'at', 'actor', 'after', 'seen', 'type', 'data']);

function envelope(v: Obj): boolean {
  if (!onlyKeys(v, ENVELOPE_KEYS) || !isId(v.id) || !isTimestamp(v.at) || !actorOk(v.actor)) return false;
  if (v.after !== undefined && !isId(v.after)) return false;
  return v.seen === undefined || seenOk(v.seen);
}

const ACTOR_KEYS = new Set(['role', 'userId', 'deviceId']);

function actorOk(actor: unknown): boolean {
  return isPlain(actor) && onlyKeys(actor, ACTOR_KEYS) && ROLES.has(actor.role as string) &&
    isId(actor.userId) && isId(actor.deviceId);
}

function seenOk(seen: unknown): boolean {
  if (!isArray(seen) || seen.length < 1 || seen.length > MAX_SEEN) return false;
  for (let i = 0; i < seen.length; i++) if (!isId(seen[i])) return false;
  return true;
}

const DATA_KEYS: Record<string, Set<string>> = {
  ItemDefined: new Set(['itemId', 'name', 'priceCents', 'stock']),
  ItemChanged: new Set(['itemId', 'name', 'priceCents', 'stock']),
  WebsiteOrderingSet: new Set(['open']),
  OrderPlaced: new Set(['orderId', 'orderNumber', 'customer', 'lines', 'note']),
  OrderLinesChanged: new Set(['orderId', 'lines']),
  CustomerChanged: new Set(['orderId', 'customer']),
  OrderCancelled: new Set(['orderId', 'reason']),
  PaymentRecorded: new Set(['orderId', 'paymentId', 'amountCents', 'method']),
  OrderCheckedIn: new Set(['orderId']),
  CheckInUndone: new Set(['orderId']),
  PaymentVoided: new Set(['orderId', 'paymentId']),
  ConflictHandled: new Set(['conflict', 'note']),
  ConflictReopened: new Set(['conflict', 'note']),
};

function dataOk(type: unknown, d: Obj): boolean {
  const keys = typeof type === 'string' && Object.hasOwn(DATA_KEYS, type) ? DATA_KEYS[type] : undefined;
  if (!keys || !onlyKeys(d, keys)) return false;
  switch (type) {
    case 'ItemDefined': return isId(d.itemId) && isName(d.name) && isCents(d.priceCents) && isStock(d.stock);
    case 'ItemChanged': return isId(d.itemId) && (d.name === undefined || isName(d.name)) &&
      (d.priceCents === undefined || isCents(d.priceCents)) && (d.stock === undefined || isStock(d.stock));
    case 'WebsiteOrderingSet': return typeof d.open === 'boolean';
    case 'OrderPlaced': return isId(d.orderId) && isText(d.orderNumber, 1, 32) && customerOk(d.customer) &&
      linesOk(d.lines) && (d.note === undefined || isText(d.note, 0, 500));
    case 'OrderLinesChanged': return isId(d.orderId) && linesOk(d.lines);
    case 'CustomerChanged': return isId(d.orderId) && customerOk(d.customer);
    case 'OrderCancelled': return isId(d.orderId) && (d.reason === undefined || isText(d.reason, 0, 300));
    case 'PaymentRecorded': return isId(d.orderId) && isId(d.paymentId) && isPaymentCents(d.amountCents) &&
      METHODS.has(d.method as string);
    case 'PaymentVoided': return isId(d.orderId) && isId(d.paymentId);
    case 'ConflictHandled':
    case 'ConflictReopened': return conflictRefOk(d.conflict) && (d.note === undefined || isText(d.note, 0, 500));
    default: return isId(d.orderId); // OrderCheckedIn, CheckInUndone
  }
}

const REF_KEYS = new Set(['kind', 'orderId', 'itemId', 'eventIds', 'eventCount', 'digest']);

function conflictRefOk(r: unknown): boolean {
  if (!isPlain(r) || !onlyKeys(r, REF_KEYS) || !KINDS.has(r.kind as string)) return false;
  if ((r.orderId !== undefined && !isId(r.orderId)) || (r.itemId !== undefined && !isId(r.itemId))) return false;
  const count = r.eventCount;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_REF_EVENTS) return false;
  if (r.digest !== undefined && !(typeof r.digest === 'string' && DIGEST_PATTERN.test(r.digest))) return false;
  const ids = r.eventIds;
  if (!isArray(ids) || ids.length < 1 || ids.length > MAX_HANDLED_IDS) return false;
  for (let i = 0; i < ids.length; i++) if (!isId(ids[i])) return false;
  return true;
}

const CUSTOMER_KEYS = new Set(['name', 'email', 'phone']);

function customerOk(c: unknown): boolean {
  if (!isPlain(c) || !onlyKeys(c, CUSTOMER_KEYS) || !isName(c.name)) return false;
  if (c.email !== undefined && !(isText(c.email, 0, 254) && EMAIL.test(c.email as string))) return false;
  return c.phone === undefined || (isText(c.phone, 0, 40) && PHONE.test(c.phone as string));
}

const LINE_KEYS = new Set(['itemId', 'quantity', 'unitPriceCents']);

function linesOk(lines: unknown): boolean {
  if (!isArray(lines) || lines.length < 1 || lines.length > MAX_LINES) return false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!isPlain(line) || !onlyKeys(line, LINE_KEYS) || !isId(line.itemId) || !isCents(line.unitPriceCents)) return false;
    const q = line.quantity;
    if (!Number.isInteger(q) || (q as number) < 1 || (q as number) > MAX_QUANTITY) return false;
    for (let j = 0; j < i; j++) if ((lines[j] as Obj).itemId === line.itemId) return false;
  }
  return true;
}

function isPlain(v: unknown): v is Obj {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A plain array with nothing besides its elements (zod would not copy any other field). */
function isArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype && Object.keys(v).length === v.length;
}

/** Every enumerable key is one the strict schema knows (zod rejects the others). */
function onlyKeys(v: Obj, allowed: Set<string>): boolean {
  for (const key in v) if (!allowed.has(key)) return false;
  return true;
}

/** A string zod would accept unchanged: already trimmed, within its length bounds. */
function isText(v: unknown, min: number, max: number): boolean {
  return typeof v === 'string' && v.length >= min && v.length <= max && v === v.trim();
}

/** The pattern admits no whitespace, so an id that passes is already trimmed. */
function isId(v: unknown): boolean {
  return typeof v === 'string' && v.length >= 1 && v.length <= 64 && ID.test(v);
}

function isName(v: unknown): boolean {
  return isText(v, 1, 120);
}

function isTimestamp(v: unknown): boolean {
  return typeof v === 'string' && TIMESTAMP.test(v);
}

function isCents(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100_000_000;
}

/** Taken or (negative) given back; never 0 (schema.ts PaymentCents). */
function isPaymentCents(v: unknown): boolean {
  return Number.isInteger(v) && v !== 0 && Math.abs(v as number) <= 100_000_000;
}

function isStock(v: unknown): boolean {
  return v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1_000_000);
}
