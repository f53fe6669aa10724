// The domain's public face: schemas, the projection and decide. Pure TypeScript: no I/O,
// no clock, no randomness (tests/domain/purity.test.ts keeps it that way).
export * from './schema';
export * from './events';
export * from './types';
export * from './commands';
export { CLERK_PAYMENT_METHODS, decide, mayUndoPayment } from './decide';
export type { DecideState, Decision } from './decide';
export { Projection } from './projection';
export { conflictRef, findConflict, isOpen, subjectOf as conflictSubject } from './handled-conflicts';
export type { Changes } from './projection';
export { formatCents, withoutEventIds } from './describe';
export { PAYMENT_METHODS, moneyMoved, takingsOf } from './takings';
export type { PersonTakings, Taken, TakenByMethod, Takings } from './takings';
export { refundDue } from './order';
