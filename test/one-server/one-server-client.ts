import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TLSSocket } from 'node:tls';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** As it came: still compressed when the answer says content-encoding. */
  body: Buffer;
  /** The TLS version, on HTTPS. */
  tls?: string;
  json(): unknown;
}

/**
 * A reader of the blog through nginx on loopback, as a browser reaches `https://<host>/`: the site's
 * name in the Host header and the TLS server name, and the certificate checked against the one nginx
 * was given (self-signed for that name), not taken on trust.
 */
export class OneServerClient {
  constructor(
    private readonly host: string,
    private readonly httpPort: number,
    private readonly httpsPort: number,
    private readonly certificate: Buffer,
  ) {}

  http(method: string, path: string): Promise<Answer> {
    return this.send(false, method, path, undefined, {});
  }

  https(
    method: string,
    path: string,
    json?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
    return this.send(true, method, path, body, {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Token ${token}` } : {}),
      ...headers,
    });
  }

  /** A multipart upload, encoded as fetch would send it. */
  async upload(path: string, form: FormData, token: string): Promise<Answer> {
    const encoded = new Request('https://encoder.invalid/', { method: 'POST', body: form });
    const body = Buffer.from(await encoded.arrayBuffer());
    return this.send(true, 'POST', path, body, {
      'content-type': encoded.headers.get('content-type') ?? '',
      authorization: `Token ${token}`,
    });
  }

  private send(
    secure: boolean,
    method: string,
    path: string,
    body: Buffer | undefined,
    headers: Record<string, string>,
  ): Promise<Answer> {
    const options = {
      host: '127.0.0.1',
      port: secure ? this.httpsPort : this.httpPort,
      method,
      path,
      headers: {
        host: this.host,
        ...(body ? { 'content-length': String(body.length) } : {}),
        ...headers,
      },
      ...(secure ? { servername: this.host, ca: this.certificate } : {}),
    };
    return new Promise((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(options, (response) => {
        const socket = response.socket;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const data = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: data,
            tls: socket instanceof TLSSocket ? (socket.getProtocol() ?? undefined) : undefined,
            json: () => JSON.parse(data.toString()) as unknown,
          });
        });
      });
      request.setTimeout(60_000, () =>
        request.destroy(new Error(`${method} ${path}: no answer in 60 s`)),
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
