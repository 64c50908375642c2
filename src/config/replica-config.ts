import type { ReplicaOptions } from '../../libs/database/replica-router';
import { StartupError } from '../../libs/database/startup-error';
import { urlProblem, withExplicitSslMode } from '../../libs/database/database-url';
import type { EnvReader } from './env-reader';

/**
 * DATABASE_REPLICA_URLS (comma-separated PostgreSQL URLs of streaming replicas) and the lag past which
 * a replica is skipped. Read-your-writes is shared across instances through REDIS_URL when it is set.
 */
export function loadReplicaConfig(read: EnvReader, redisUrl: string | undefined): ReplicaOptions {
  const urls = read
    .string('DATABASE_REPLICA_URLS', '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  urls.forEach((url, i) => {
    // The URL itself is never echoed: it holds a password.
    const problem = urlProblem(url, ['postgres', 'postgresql']);
    if (problem) {
      throw new StartupError(
        `Invalid configuration: DATABASE_REPLICA_URLS entry ${i + 1} ${problem}`,
      );
    }
  });
  return {
    urls: urls.map(withExplicitSslMode),
    maxLagMs: read.integer('DATABASE_REPLICA_MAX_LAG_MS', 2000, 0, 3_600_000),
    redisUrl,
  };
}
