import { isReplicaTrouble } from './replica-driver';

describe('isReplicaTrouble', () => {
  it.each([
    [
      'a replica shutting down',
      { code: '57P01', message: 'terminating connection due to administrator command' },
    ],
    [
      'a recovery conflict',
      { code: '40001', message: 'canceling statement due to conflict with recovery' },
    ],
    ['a connection exception', { code: '08006', message: 'connection failure' }],
    [
      'a refused connection',
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5433' },
    ],
    ['a cut socket', new Error('Connection terminated unexpectedly')],
  ])('is true for %s: the primary can answer instead', (_, error) => {
    expect(isReplicaTrouble(error)).toBe(true);
  });

  it.each([
    ['a syntax error', { code: '42601', message: 'syntax error at or near "SELEC"' }],
    [
      'a statement timeout',
      { code: '57014', message: 'canceling statement due to statement timeout' },
    ],
    [
      'a write refused by a standby',
      { code: '25006', message: 'cannot execute INSERT in a read-only transaction' },
    ],
  ])('is false for %s: the primary would answer the same', (_, error) => {
    expect(isReplicaTrouble(error)).toBe(false);
  });
});
