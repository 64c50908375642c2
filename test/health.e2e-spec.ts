import { useTestApp } from './support/test-app';

describe('health probes', () => {
  const t = useTestApp();

  it('GET /db-status says connected', async () => {
    const response = await t.http().get('/db-status').expect(200);
    expect(response.body).toEqual({ connected: true });
  });

  it('GET /health/live answers ok', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
  });

  it('GET /health/ready lists applied migrations and none pending', async () => {
    const response = await t.http().get('/health/ready').expect(200);
    expect(response.body.ready).toBe(true);
    expect(response.body.migrations.pending).toEqual([]);
    expect(response.body.migrations.applied).toEqual(
      t.dataSource.migrations.map((migration) => migration.name),
    );
  });

  it('unknown routes get a 404 in the API error shape', async () => {
    const response = await t.http().get('/api/no-such-route').expect(404);
    expect(response.body).toEqual({
      errors: { route: [expect.stringContaining('/api/no-such-route')] },
    });
  });
});
