import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One span of an OTLP/HTTP JSON export, with its attributes flattened to plain values. */
export interface ReceivedSpan {
  /** The resource's service.name. */
  service: unknown;
  scope: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

type OtlpAttributes = { key: string; value: Record<string, unknown> }[];

interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttributes };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        name: string;
        kind: number;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        attributes?: OtlpAttributes;
      }[];
    }[];
  }[];
}

/** `[{key, value: {stringValue: 'x'}}]` → `{key: 'x'}`. */
function plain(attributes: OtlpAttributes = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}

/**
 * A stand-in for an OpenTelemetry collector: an HTTP server in the test process taking OTLP/HTTP JSON
 * exports (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) at /v1/traces and keeping their spans.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Each request's path and content type, to see what the exporter sent and where. */
  readonly requests: { path: string; contentType?: string }[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const holder: { self?: OtlpReceiver } = {};
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        holder.self?.receive(
          request.url ?? '/',
          request.headers['content-type'],
          Buffer.concat(chunks).toString(),
        );
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.self = new OtlpReceiver(server);
    return holder.self;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(path: string, contentType: string | undefined, body: string): void {
    this.requests.push({ path, contentType });
    if (path !== '/v1/traces' || !contentType?.startsWith('application/json')) return;
    const exported = JSON.parse(body) as OtlpJson;
    for (const resource of exported.resourceSpans ?? []) {
      const service = plain(resource.resource?.attributes)['service.name'];
      for (const scoped of resource.scopeSpans ?? []) {
        for (const span of scoped.spans ?? []) {
          this.spans.push({
            service,
            scope: scoped.scope?.name ?? '',
            name: span.name,
            kind: span.kind,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            attributes: plain(span.attributes),
          });
        }
      }
    }
  }
}
