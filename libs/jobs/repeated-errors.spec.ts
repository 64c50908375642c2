import { RepeatedErrors } from './repeated-errors';

describe('RepeatedErrors', () => {
  let now = 0;
  let lines: string[];
  let errors: RepeatedErrors;
  beforeEach(() => {
    now = 0;
    lines = [];
    errors = new RepeatedErrors(
      (line) => lines.push(line),
      60_000,
      () => now,
    );
  });

  it('logs a kind once a minute, whatever queue and worker, and says how many it left out', () => {
    for (let i = 0; i < 30; i++) {
      errors.report(`connect ECONNREFUSED 127.0.0.1:5432 (Queue: mail, Worker: w${i})`);
      now += 1000;
    }
    expect(lines).toEqual(['connect ECONNREFUSED 127.0.0.1:5432 (Queue: mail, Worker: w0)']);
    now = 61_000;
    errors.report('connect ECONNREFUSED 127.0.0.1:5432 (Queue: webhooks, Worker: w9)');
    expect(lines[1]).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432 (Queue: webhooks, Worker: w9) (and 29 more like it in the 60 s before)',
    );
  });

  it('logs another kind at once', () => {
    errors.report('connect ECONNREFUSED 127.0.0.1:5432');
    errors.report('password authentication failed for user "folio"');
    errors.report('connect ECONNREFUSED 127.0.0.1:5432');
    expect(lines).toEqual([
      'connect ECONNREFUSED 127.0.0.1:5432',
      'password authentication failed for user "folio"',
    ]);
  });
});
