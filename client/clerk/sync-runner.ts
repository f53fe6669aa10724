// The clerk's Sync button and auto-sync switch as Solid state: one run at a time, its progress,
// its report; auto-sync runs every minute and when the network comes back, and never otherwise
// keeps a connection. A run of auto-sync that failed on the way (venue wifi back for a moment,
// a server restarting) is tried again after 5, 15, then every 30 s rather than at the next
// minute: windows of connectivity there last 20-90 s. Refusals that a retry cannot mend (a
// login to renew, another epoch, a refused update) wait for the clerk.
import { createSignal, onCleanup } from 'solid-js';
import { z } from 'zod';
import type { FundraiserStore } from '../device/fundraiser-store';
import { STORAGE_PREFIX, readStored, writeStored } from '../device/stored';
import { CloseCode } from '../../sync-server/shared/protocol';
import type { SyncProgress, SyncReport } from '../device/sync-once';

const AUTO_KEY = `${STORAGE_PREFIX}:auto-sync`;
const AUTO_EVERY_MS = 60_000;
const RETRY_AFTER_MS = [5_000, 15_000, 30_000];
const NOT_FOR_A_RETRY: readonly number[] = [CloseCode.badToken, CloseCode.forbidden, CloseCode.epochMismatch, CloseCode.refusedUpdate, CloseCode.tooLarge, CloseCode.messageTooBig];

export function createSyncRunner(store: FundraiserStore) {
  const [progress, setProgress] = createSignal<SyncProgress>();
  const [report, setReport] = createSignal<SyncReport>();
  const [runs, setRuns] = createSignal(0);
  const [auto, setAutoSignal] = createSignal(readStored(AUTO_KEY, z.boolean()) ?? false);

  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  async function run() {
    if (progress()) return;
    clearTimeout(retry);
    setProgress({ step: 'connecting', text: 'Starting…' });
    try {
      const report = await store.sync(setProgress);
      setReport(report);
      setRuns(runs() + 1);
      retryIfWorthIt(report);
    } finally {
      setProgress(undefined);
    }
  }

  function retryIfWorthIt(report: SyncReport) {
    failures = report.ok ? 0 : failures + 1;
    if (report.ok || !auto() || (report.closedCode !== undefined && NOT_FOR_A_RETRY.includes(report.closedCode))) return;
    retry = setTimeout(maybeAuto, RETRY_AFTER_MS[Math.min(failures, RETRY_AFTER_MS.length) - 1]);
  }

  const maybeAuto = () => { if (auto() && navigator.onLine && !store.authProblem()) void run(); };
  const timer = setInterval(maybeAuto, AUTO_EVERY_MS);
  window.addEventListener('online', maybeAuto);
  onCleanup(() => { clearInterval(timer); clearTimeout(retry); window.removeEventListener('online', maybeAuto); });

  function setAuto(on: boolean) {
    setAutoSignal(on);
    writeStored(AUTO_KEY, on);
    if (on) maybeAuto();
  }
  return { progress, report, runs, auto, setAuto, run };
}

export type SyncRunner = ReturnType<typeof createSyncRunner>;

export function reportText(report: SyncReport): string {
  const conflicts = report.newConflicts === 0 ? 'no new conflicts' : `${report.newConflicts} new conflict${report.newConflicts === 1 ? '' : 's'}`;
  const counts = `sent ${report.sent}, received ${report.received} change${report.received === 1 ? '' : 's'}; ${conflicts}`;
  if (report.ok) return `Synced: ${counts}.`;
  const kept = report.pending > 0 ? ` Your ${report.pending} change${report.pending === 1 ? ' is' : 's are'} kept on this device.` : '';
  return `Sync did not finish: ${report.error ?? 'unknown problem'} (${counts}).${kept}`;
}
