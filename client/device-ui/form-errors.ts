// A refusal from decide() (or the server) as messages keyed by the field they are about, so a
// form shows each beside its input; what names no field goes to the form's top ("_form").
import type { DomainError } from '../../domain';
import { ApiError, issuesByPath } from '../shared/api';

export type FieldErrors = Record<string, string>;

export function errorsOf(error: DomainError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues ?? []) errors[issue.path || '_form'] ??= issue.message;
  if (error.field) errors[error.field] ??= error.message;
  if (!error.field && !error.issues?.length) errors._form = error.message;
  if (Object.keys(errors).length === 0) errors._form = error.message;
  return errors;
}

/** `lines.N.x` → `item:<itemId>` for forms that show one input per catalog item. */
export function byItem(errors: FieldErrors, lines: readonly { itemId: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const match = /^lines\.(\d+)/.exec(path);
    const itemId = match ? lines[Number(match[1])]?.itemId : undefined;
    out[itemId ? `item:${itemId}` : path] ??= message;
  }
  return out;
}

/**
 * A refusal from the server's API the same way: its issues by field, an issue that names no
 * field under "_form". A failure without issues (offline, a 404…) is `_form: words(error)`.
 */
export function serverErrors(error: unknown, words: (error: unknown) => string): FieldErrors {
  if (!(error instanceof ApiError) || error.issues.length === 0) return { _form: words(error) };
  const { '': general, ...fields } = issuesByPath(error.issues);
  return general === undefined ? fields : { ...fields, _form: general };
}
