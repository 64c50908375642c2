import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Buffer;
  json(): unknown;
}

export interface RawRequest {
  method: string;
  path: string;
  /** Sent exactly as given, in order; nothing is added but `Host` and `Connection: close`. */
  headers?: [string, string][];
  /** Bytes after the head, sent as they are (a chunked body must be framed by the caller). */
  body?: Buffer | string;
}

/** The bytes of an HTTP/1.1 request with exactly the headers given. */
export function requestBytes({ method, path, headers = [], body = '' }: RawRequest): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function parseResponse(data: Buffer): RawResponse {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) throw new Error(`no HTTP response head in ${JSON.stringify(data.toString())}`);
  const [statusLine, ...headerLines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(headEnd + 4);
  const body =
    headers['transfer-encoding'] === 'chunked'
      ? dechunk(rest)
      : rest.subarray(0, Number(headers['content-length'] ?? rest.length));
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body,
    json: () => JSON.parse(body.toString('utf8')) as unknown,
  };
}

/**
 * Sends bytes on a fresh TCP connection and reads the answer until the server closes it. Node's and
 * supertest's clients add or change headers (Content-Length, chunking); this sends what a test says.
 */
export function sendRaw(port: number, bytes: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server that answers before reading all of a too-large request may reset the connection
    // after its answer: what arrived is the answer.
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on('close', () => {
      if (chunks.length === 0) return reject(new Error('the connection closed without an answer'));
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

export function rawRequest(port: number, request: RawRequest): Promise<RawResponse> {
  return sendRaw(port, requestBytes(request));
}
