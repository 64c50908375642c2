import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/** How much of an answer is read (and kept in the delivery log); the rest is never read. */
export const RESPONSE_BODY_LIMIT = 1024;

export interface SendOutcome {
  ok: boolean;
  status: number | null;
  body: string | null;
  durationMs: number;
  /** Why it failed, in one line; null when it succeeded. */
  error: string | null;
}

export interface SendRules {
  timeoutMs: number;
  allowPrivate: boolean;
}

/** The filtering agents' refusal says "DNS lookup <address>(family:…) is not allowed. Because, …". */
const REFUSED = /DNS lookup (\S+?)\(.*is not allowed/;

/**
 * Why a try failed, in one line, without the endpoint's host name: request-bin services put the
 * receiver's token in it (`<token>.m.pipedream.net`), and this line is logged and kept. The
 * administrator reading the delivery log knows the address.
 */
function describeFailure(error: Error, host: string): string {
  const refused = REFUSED.exec(error.message);
  if (refused) {
    return `refused: ${refused[1]} is a private, loopback, link-local or metadata address (WEBHOOK_ALLOW_PRIVATE is off)`;
  }
  return error.message.split('\n')[0].split(host).join("(the endpoint's host)");
}

/**
 * POSTs one delivery. The address is checked where the connection is made (request-filtering-agent
 * checks every address the name resolves to, at connect time, so a name that changes its answer after
 * registration is caught); redirects are not followed (a 3xx is a failure); the whole request has a
 * deadline; at most RESPONSE_BODY_LIMIT bytes of the answer are read.
 */
export class WebhookSender {
  private readonly httpAgent: RequestFilteringHttpAgent;
  private readonly httpsAgent: RequestFilteringHttpsAgent;

  constructor(private readonly rules: SendRules) {
    const filter = {
      allowPrivateIPAddress: rules.allowPrivate,
      allowMetaIPAddress: rules.allowPrivate,
      keepAlive: false,
    };
    this.httpAgent = new RequestFilteringHttpAgent(filter);
    this.httpsAgent = new RequestFilteringHttpsAgent(filter);
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const target = new URL(url);
    const https = target.protocol === 'https:';
    return new Promise<SendOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<SendOutcome, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ ...outcome, durationMs: elapsed() });
      };
      const fail = (error: Error) =>
        finish({
          ok: false,
          status: null,
          body: null,
          error: describeFailure(error, target.hostname),
        });
      const request = (https ? httpsRequest : httpRequest)(target, {
        method: 'POST',
        agent: https ? this.httpsAgent : this.httpAgent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Folio-Webhooks/1.0',
        },
      });
      const deadline = setTimeout(() => {
        request.destroy(new Error(`no answer within ${this.rules.timeoutMs} ms`));
      }, this.rules.timeoutMs);
      request.on('error', fail);
      request.on('response', (response) => {
        readLimited(response).then((text) => finish(outcomeOf(response, text)), fail);
      });
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function outcomeOf(response: IncomingMessage, text: string): Omit<SendOutcome, 'durationMs'> {
  const status = response.statusCode ?? 0;
  const ok = status >= 200 && status < 300;
  let error: string | null = null;
  if (!ok) {
    error =
      status >= 300 && status < 400
        ? `answered ${status} (redirects are not followed)`
        : `answered ${status}`;
  }
  return { ok, status, body: text, error };
}

/** The first RESPONSE_BODY_LIMIT bytes of the answer; the connection is closed after them. */
function readLimited(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      response.removeAllListeners('data');
      resolve(Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= RESPONSE_BODY_LIMIT) {
        done();
        response.destroy();
      }
    });
    response.on('end', done);
    response.on('error', reject);
  });
}
