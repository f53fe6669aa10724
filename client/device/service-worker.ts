// Registers the app-shell service worker (client/public/sw.js), so a reload with no network
// opens the manager and clerk apps; their data comes from IndexedDB.
export function registerShellWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
    console.warn('The offline app shell could not be installed:', error);
  });
}
