import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports for servers a test starts in another process (Folio, its embedded PostgreSQL, a load balancer),
 * which bind them a moment, or seconds, after the test picks them.
 *
 * Not the kernel's pick (`freePort`, listen on port 0): that is a port of the ephemeral range, the range
 * the kernel also hands to every outgoing connection and to every other file's `freePort`, so between
 * the pick and the child's bind, another test file's server or a pool's connection can take it. Then the
 * child fails to start, or, worse, the test's wait for an answer is answered by someone else's server.
 *
 * These come from below the ephemeral range, where the kernel hands out nothing, in a block of their own
 * for each jest worker, so two files running at once never pick the same port. Within a block, a file
 * starts at a random place (the next file in the same worker may start while the last one's servers
 * are still closing) and skips ports something already listens on (services of the machine).
 */
const BLOCK = 500;
const FIRST = 10_000;
const LINUX_EPHEMERAL_START = 32_768;

const workerSlot = (Number(process.env.JEST_WORKER_ID ?? '1') - 1) % maxWorkers();
let next = randomInt(BLOCK);

export async function testPort(): Promise<number> {
  const base = FIRST + workerSlot * BLOCK;
  for (let tried = 0; tried < BLOCK; tried++) {
    const port = base + (next++ % BLOCK);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${base}-${base + BLOCK - 1}`);
}

/** How many worker blocks fit between FIRST and the start of the ephemeral range. */
function maxWorkers(): number {
  return Math.max(1, Math.floor((ephemeralStart() - FIRST) / BLOCK));
}

/** Linux says where its range starts; elsewhere (macOS: 49152) it starts above Linux's default. */
function ephemeralStart(): number {
  try {
    const range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    return Number.parseInt(range.trim().split(/\s+/)[0] ?? '', 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return LINUX_EPHEMERAL_START;
    throw error;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
