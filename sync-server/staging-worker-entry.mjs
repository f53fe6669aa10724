// Starts the TypeScript staging worker. A worker thread does not inherit the main thread's
// TypeScript loader, so when Node cannot import .ts by itself we register tsx here first.
try {
  await import('./staging-worker.ts');
} catch (err) {
  if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
  const { register } = await import('tsx/esm/api');
  register();
  // A different URL: the failed import above is cached under the plain one.
  await import('./staging-worker.ts?tsx');
}
