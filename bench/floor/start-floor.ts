import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { processCpuMicros } from '../process-cpu';

export const FLOOR_PORT = 3106;

export interface FloorServer {
  url: string;
  /** The floor process's CPU time so far, in µs (processCpuMicros). */
  cpuMicros(): number;
  stop(): Promise<void>;
}

/**
 * Starts the floor as a child process of the bench, with Folio's pool size. Not a worker thread of the
 * bench process: sharing a process with the load generator halved its login throughput when tried.
 */
export async function startFloor(databaseUrl: string, poolSize = 10): Promise<FloorServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      FLOOR_DATABASE_URL: databaseUrl,
      FLOOR_PORT: String(FLOOR_PORT),
      FLOOR_POOL_SIZE: String(poolSize),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the floor exited with ${code} on start`)));
  });
  return {
    url: `http://127.0.0.1:${FLOOR_PORT}`,
    cpuMicros: () => processCpuMicros(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
