import { Outcome, RESET_ERRORS, summarize } from './load-client';

/** A write load's outcomes around a stop, sorted by what they say about the shutdown. */
export interface ShutdownOutcomes {
  /** Acknowledged writes (201). */
  ok: Outcome[];
  /** Acknowledged writes that were running when the stop began: the drain let them finish. */
  inFlightAtStop: Outcome[];
  /** Accepted connections that were cut. */
  resets: Outcome[];
  /** Anything but a 201, a 503 (draining) or a refused connection (stopped). */
  other: Outcome[];
  /** Acknowledged writes that are not stored. */
  lost: Outcome[];
  /** Stored tags of writes that were not acknowledged. */
  phantom: string[];
}

/** Sorts `outcomes` (each request tagged with what it stores) against the stop time and the stored tags. */
export function sortShutdownOutcomes(
  outcomes: Outcome[],
  stopAt: number,
  stored: Set<string>,
): ShutdownOutcomes {
  const tagOf = (o: Outcome) => o.request.tag as string;
  const ok = outcomes.filter((o) => o.status === 201);
  const notAcknowledged = new Set(outcomes.filter((o) => o.status !== 201).map(tagOf));
  return {
    ok,
    inFlightAtStop: ok.filter((o) => o.startedAt < stopAt && o.finishedAt > stopAt),
    resets: outcomes.filter((o) => o.error !== undefined && RESET_ERRORS.has(o.error)),
    other: outcomes.filter(
      (o) => o.status !== 201 && o.status !== 503 && o.error !== 'ECONNREFUSED',
    ),
    lost: ok.filter((o) => !stored.has(tagOf(o))),
    phantom: [...stored].filter((tag) => notAcknowledged.has(tag)),
  };
}

/** A stop under load that drained: writes got through, some finished during the drain, none went wrong. */
export function expectCleanShutdown(sorted: ShutdownOutcomes): void {
  expect(sorted.ok.length).toBeGreaterThan(20);
  expect(sorted.inFlightAtStop.length).toBeGreaterThan(0);
  expect(sorted.resets.map(summarize)).toEqual([]);
  expect(sorted.other.map(summarize)).toEqual([]);
  expect(sorted.lost.map(summarize)).toEqual([]);
  // A write that was not acknowledged never ran (503 before the handler), so it is not stored.
  expect(sorted.phantom).toEqual([]);
}
