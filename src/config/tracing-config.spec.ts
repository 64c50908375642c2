import { loadConfig } from './app-config';

const tracing = (env: Record<string, string>) => loadConfig(env).tracing;

describe('tracing configuration (the standard OTEL_* variables)', () => {
  it('is off by default', () => {
    expect(tracing({})).toEqual({
      enabled: false,
      exporters: ['otlp'],
      protocol: 'http/protobuf',
      serviceName: 'folio',
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_SERVICE_NAME: 'blog' }, false],
  ])('%j → on: %s', (env, enabled) => {
    expect(tracing(env).enabled).toBe(enabled);
  });

  it('reads the exporters, the protocol and the service name', () => {
    expect(
      tracing({
        OTEL_TRACES_EXPORTER: 'otlp, console',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'blog-eu',
      }),
    ).toEqual({
      enabled: true,
      exporters: ['otlp', 'console'],
      protocol: 'http/json',
      serviceName: 'blog-eu',
    });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'jaegr' }, 'OTEL_TRACES_EXPORTER must list some of'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }, 'OTEL_EXPORTER_OTLP_PROTOCOL must be one of'],
    [{ OTEL_SDK_DISABLED: 'maybe' }, 'OTEL_SDK_DISABLED must be true or false'],
  ])('stops on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(`Invalid configuration: ${message}`);
  });
});
