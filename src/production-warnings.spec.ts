import { loadConfig } from './config/app-config';
import { productionWarnings } from './production-warnings';

describe('productionWarnings', () => {
  // What a production start needs anyway (assertProductionSecrets).
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://folio:a-long-random-password-123@db.internal:5432/folio',
  };
  const warningsOf = (env: Record<string, string>) =>
    productionWarnings(loadConfig(env), env).map((line) => line.split(':')[0]);

  it('names APP_URL and SMTP_URL when a production start has neither', () => {
    expect(warningsOf(production)).toEqual(['APP_URL is not set', 'SMTP_URL is not set']);
    expect(productionWarnings(loadConfig(production), production)[0]).toContain(
      'point at http://localhost:3000',
    );
  });

  it('names an APP_URL that is not https, unless it is this machine', () => {
    const plain = {
      ...production,
      APP_URL: 'http://blog.example.com',
      SMTP_URL: 'smtp://mail:587',
    };
    expect(warningsOf(plain)).toEqual(['APP_URL is not https']);
    for (const APP_URL of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      expect(warningsOf({ ...plain, APP_URL })).toEqual([]);
    }
  });

  it('says nothing once both are set, nor outside production', () => {
    const configured = {
      ...production,
      APP_URL: 'https://blog.example.com',
      SMTP_URL: 'smtp://mail.internal:587',
    };
    expect(warningsOf(configured)).toEqual([]);
    expect(warningsOf({})).toEqual([]);
  });
});
