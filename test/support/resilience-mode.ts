/**
 * `npm run test:resilience` runs the long form; `-- --quick` (CI) the short one. Every run is bounded
 * in time and count either way.
 */
export const QUICK = process.env.FOLIO_RESILIENCE !== 'full';

export function pick<T>(quick: T, full: T): T {
  return QUICK ? quick : full;
}

/** One line per figure, collected by the runner for docs/reliability-and-security.md. */
export function report(name: string, figures: Record<string, number | string>): void {
  const line = Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  process.stdout.write(`[resilience] ${name}: ${line}\n`);
}
