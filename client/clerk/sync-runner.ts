// The clerk's Sync button and auto-sync switch as Solid state: one run at a time, its progress,
// its report; auto-sync runs every minute and when the network comes back, and never otherwise
// keeps a connection or retries.
import { createSignal, onCleanup } from 'solid-js';
import { z } from 'zod';
import type { FundraiserStore } from '../device/fundraiser-store';
import { STORAGE_PREFIX, readStored, writeStored } from '../device/stored';
import type { SyncProgress, SyncReport } from '../device/sync-once';

const AUTO_KEY = `${STORAGE_PREFIX}:auto-sync`;
const AUTO_EVERY_MS = 60_000;

export function createSyncRunner(store: FundraiserStore) {
  const [progress, setProgress] = createSignal<SyncProgress>();
  const [report, setReport] = createSignal<SyncReport>();
  const [runs, setRuns] = createSignal(0);
  const [auto, setAutoSignal] = createSignal(readStored(AUTO_KEY, z.boolean()) ?? false);

  async function run() {
    if (progress()) return;
    setProgress({ step: 'connecting', text: 'Starting…' });
    try {
      setReport(await store.sync(setProgress));
      setRuns(runs() + 1);
    } finally {
      setProgress(undefined);
    }
  }

  const maybeAuto = () => { if (auto() && navigator.onLine && !store.authProblem()) void run(); };
  const timer = setInterval(maybeAuto, AUTO_EVERY_MS);
  window.addEventListener('online', maybeAuto);
  onCleanup(() => { clearInterval(timer); window.removeEventListener('online', maybeAuto); });

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
  return report.ok ? `Synced: ${counts}.` : `Sync did not finish: ${report.error ?? 'unknown problem'} (${counts}).`;
}
