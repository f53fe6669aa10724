// A clerk works for hours with data that exists only on the device: ask the browser to keep
// it (persistent storage), and warn when that is refused or space is running out.
export interface StorageHealth { warning?: string; persisted?: boolean; usedFraction?: number }

const NEARLY_FULL = 0.85;

export async function checkStorage(storage: StorageManager | undefined = navigator.storage): Promise<StorageHealth> {
  if (!storage?.persist) return { warning: 'This browser cannot promise to keep data on this device. Sync often.' };
  const persisted = (await storage.persisted()) || (await storage.persist().catch(() => false));
  const estimate = await storage.estimate().catch(() => undefined);
  const usedFraction = estimate?.quota ? (estimate.usage ?? 0) / estimate.quota : undefined;
  if (usedFraction !== undefined && usedFraction > NEARLY_FULL) {
    return { persisted, usedFraction, warning: `Storage on this device is ${Math.round(usedFraction * 100)}% full. Sync now and free some space.` };
  }
  if (!persisted) {
    return { persisted, ...(usedFraction !== undefined ? { usedFraction } : {}), warning: 'The browser did not grant persistent storage: it may clear this device\'s data when space runs low. Sync often, or install the app to the home screen.' };
  }
  return { persisted, ...(usedFraction !== undefined ? { usedFraction } : {}) };
}
