import { loadProjectEnv } from '../libs/project/project-root';
import { EnvReader } from './config/env-reader';
import { loadTracingConfig, TracingConfig } from './config/tracing-config';
import type { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * Imported first by main.ts. OpenTelemetry instruments http, fastify and pg by patching them as they
 * are loaded, so it must start before anything loads them; and only when the OTEL_* variables ask for
 * traces, so that by default nothing of OpenTelemetry is even loaded. `.env` is read here already for
 * the same reason (main.ts reads it again, which changes nothing).
 */
loadProjectEnv();

function tracingConfig(): TracingConfig | undefined {
  try {
    return loadTracingConfig(new EnvReader(process.env));
  } catch {
    // A malformed variable: loadConfig() stops the start with the same error, in one clean line.
    return undefined;
  }
}

function start(): NodeSDK | undefined {
  const config = tracingConfig();
  if (!config?.enabled) return undefined;
  // A require, not an import: only this branch may load the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./tracing') as typeof import('./tracing');
  return startTracing(config);
}

const sdk = start();

/** Sends the spans still buffered and stops tracing; a no-op when it is off. */
export async function flushTracing(): Promise<void> {
  await sdk?.shutdown();
}
