import { createServer, IncomingHttpHeaders, RequestListener, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';
import { lateBound } from './late-bound';

export interface ReceivedHook {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
}

/** How a path answers: a status, a redirect, a huge body, or no answer at all. */
export type HookAnswer =
  | { status: number; body?: string }
  | { redirectTo: string }
  | { hugeBody: number }
  | { hang: true };

/** A real HTTP server in the test process, standing for the systems webhooks are sent to. */
export class WebhookReceiver {
  private readonly arrivals = new Arrivals<ReceivedHook>();
  private readonly answers = new Map<string, HookAnswer>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly scheme: 'http' | 'https',
  ) {}

  /** On `port` (a free one by default); over https with `tls`, a key and certificate in PEM. */
  static async start(
    port = 0,
    tls?: { key: Buffer | string; cert: Buffer | string },
  ): Promise<WebhookReceiver> {
    const holder: { self?: WebhookReceiver } = {};
    const listener: RequestListener = (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const self = holder.self;
        if (!self) return;
        const body = Buffer.concat(chunks).toString();
        self.record({ method: request.method ?? '', path, headers: request.headers, body });
        const answer = self.answers.get(path) ?? { status: 200, body: 'thanks' };
        if ('hang' in answer) return;
        if ('redirectTo' in answer) {
          response.writeHead(302, { location: answer.redirectTo }).end();
        } else if ('hugeBody' in answer) {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end('x'.repeat(answer.hugeBody));
        } else {
          response.writeHead(answer.status).end(answer.body ?? '');
        }
      });
    };
    const server: Server = tls ? createHttpsServer(tls, listener) : createServer(listener);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const bound = (server.address() as AddressInfo).port;
    holder.self = new WebhookReceiver(server, bound, tls ? 'https' : 'http');
    return holder.self;
  }

  url(path: string): string {
    return `${this.scheme}://127.0.0.1:${this.port}${path}`;
  }

  answer(path: string, answer: HookAnswer): void {
    this.answers.set(path, answer);
  }

  at(path: string): ReceivedHook[] {
    return this.received.filter((hook) => hook.path === path);
  }

  /** Waits until `path` got `count` requests (or more). */
  waitFor(path: string, count = 1, timeoutMs = 10_000): Promise<ReceivedHook[]> {
    return this.arrivals.waitFor(
      (hook) => hook.path === path,
      count,
      timeoutMs,
      (found) => `${path} got ${found} of ${count} hooks in ${timeoutMs} ms`,
    );
  }

  get received(): readonly ReceivedHook[] {
    return this.arrivals.all;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(hook: ReceivedHook): void {
    this.arrivals.add(hook);
  }
}

/** A receiver for one describe block: started in its beforeAll, closed in its afterAll. */
export function useWebhookReceiver(): WebhookReceiver {
  let current: WebhookReceiver | undefined;
  beforeAll(async () => {
    current = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await current?.close();
  });
  return lateBound(
    'useWebhookReceiver',
    ['port', 'received', 'url', 'answer', 'at', 'waitFor', 'close'],
    () => current,
  );
}
