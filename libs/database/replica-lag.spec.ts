import { parseLsn, WalHistory } from './replica-lag';

describe('parseLsn', () => {
  it('orders WAL positions across the 4 GB boundary', () => {
    expect(parseLsn('0/FFFFFFFF') < parseLsn('1/0')).toBe(true);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it('refuses anything else', () => {
    expect(() => parseLsn('16:B3')).toThrow('not a WAL position');
  });
});

describe('WalHistory', () => {
  it('is 0 for a replica that replayed everything sampled, however idle the primary', () => {
    const history = new WalHistory(10_000);
    history.record(1_000, 100n);
    history.record(1_500, 100n);
    expect(history.lagOf(100n, 60_000)).toBe(0);
  });

  it('is the time since the primary first held WAL the replica lacks', () => {
    const history = new WalHistory(10_000);
    history.record(1_000, 100n);
    history.record(1_500, 200n);
    history.record(2_000, 300n);
    expect(history.lagOf(150n, 2_100)).toBe(600);
    expect(history.lagOf(99n, 2_100)).toBe(1_100);
    expect(history.lagOf(300n, 2_100)).toBe(0);
  });

  it('forgets samples past its horizon but keeps one to bound a replica far behind', () => {
    const history = new WalHistory(1_000);
    for (let at = 0; at <= 5_000; at += 500) history.record(at, BigInt(at));
    // The replica has nothing since the start: its lag is at least the horizon.
    expect(history.lagOf(-1n, 5_000)).toBeGreaterThanOrEqual(1_000);
    expect(history.lagOf(4_600n, 5_000)).toBe(0);
  });
});
