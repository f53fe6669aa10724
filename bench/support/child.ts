// Starts a bench child process (tsx, IPC) and asks it things.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child<Ready> {
  process: ChildProcess;
  ready: Ready;
  ask<T>(message: { type: string }, answer: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export async function startChild<Ready>(script: string, args: string[] = [], execArgv: string[] = []): Promise<Child<Ready>> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(type: string, timeoutMs = 600_000) => new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child ${script}: no '${type}' in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => (clearTimeout(timer), reject(new Error(`child ${script} exited (${code}) before '${type}'`)));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  const ready = await next<Ready>('ready');
  return {
    process: child, ready,
    ask: (message, answer, timeoutMs) => {
      const reply = next<never>(answer, timeoutMs);
      child.send(message);
      return reply;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}
