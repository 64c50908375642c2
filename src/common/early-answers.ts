import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiExceptionFilter } from './api-exception.filter';
import { logEarlyAnswer, REQUEST_ID_HEADER } from './request-logging';
import { SECURITY_HEADERS, setSecurityHeaders } from './security-headers';

/*
 * Answers given where no Fastify hook runs, so nothing adds the request id, the security headers or
 * the access-log line: the router's refusals (a malformed percent-escape) and the HTTP parser's (a
 * head over Node's 16 KiB limit, bytes that are not HTTP), which Node answered with a bare status or
 * Fastify's own JSON. The bodies come from the API's exception filter like every other error's.
 */

const filter = new ApiExceptionFilter();

/** Fastify's `frameworkErrors`: errors the router meets before routing (FST_ERR_BAD_URL). */
export function answerRouterError(
  error: Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const startedAt = Date.now();
  setSecurityHeaders(reply.raw);
  reply.header(REQUEST_ID_HEADER, request.id);
  reply.raw.once('finish', () =>
    logEarlyAnswer(
      {
        id: request.id,
        method: request.raw.method,
        url: request.raw.url,
        remoteAddress: request.raw.socket?.remoteAddress,
      },
      reply.raw.statusCode,
      startedAt,
    ),
  );
  filter.respond(error, request, reply);
}

/** A request line longer than this in a head over the limit is a 414 (URL), else a 431 (headers). */
const LONG_REQUEST_LINE = 8 * 1024;

interface ParserError extends Error {
  code?: string;
  /** The chunk the parser failed on: a Buffer from Node (Fastify's types say otherwise). */
  rawPacket?: unknown;
}

function packetOf(error: ParserError): Buffer | undefined {
  return Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined;
}

function earlyError(status: number, code: string): Error {
  return Object.assign(new Error(code), { statusCode: status, code });
}

function clientErrorOf(error: ParserError): Error {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW': {
      const lineEnd = packetOf(error)?.indexOf('\r\n') ?? 0;
      return lineEnd < 0 || lineEnd > LONG_REQUEST_LINE
        ? earlyError(414, 'FOLIO_URL_TOO_LONG')
        : earlyError(431, 'FOLIO_HEADERS_TOO_LARGE');
    }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return earlyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return earlyError(408, 'FOLIO_REQUEST_TIMEOUT');
    default:
      return earlyError(400, 'FOLIO_BAD_HTTP');
  }
}

/** The method and target of the request line the parser refused, when it starts like one. */
function requestLine(packet: Buffer | undefined): { method?: string; url?: string } {
  const line = /^([A-Z]{1,20}) (\S{1,16384})/.exec(packet?.toString('latin1', 0, 16_400) ?? '');
  return line ? { method: line[1], url: line[2] } : {};
}

const answered = new WeakSet<Socket>();

/**
 * The server's `clientError` (Fastify's `clientErrorHandler`). A parser in error reports every
 * further chunk of the connection again: it is answered once. The socket is closed once the answer
 * is flushed (Node destroyed it right after the write, which may drop the answer).
 */
export function answerClientError(error: ParserError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
  answered.add(socket);
  const startedAt = Date.now();
  // A response already under way on this connection must not be corrupted by a second one.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const id = randomUUID();
  let status = 500;
  const reply = {
    headers: [...SECURITY_HEADERS, [REQUEST_ID_HEADER, id]] as [string, string][],
    status(code: number) {
      status = code;
      return reply;
    },
    header(name: string, value: string) {
      reply.headers.push([name, value]);
      return reply;
    },
    send(body: unknown) {
      const payload = JSON.stringify(body);
      const head = [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(payload)}`,
        'Connection: close',
        ...reply.headers.map(([name, value]) => `${name}: ${value}`),
      ];
      socket.end(`${head.join('\r\n')}\r\n\r\n${payload}`, () => socket.destroy());
    },
  };
  filter.respond(clientErrorOf(error), undefined, reply);
  logEarlyAnswer(
    { id, ...requestLine(packetOf(error)), remoteAddress: socket.remoteAddress },
    status,
    startedAt,
  );
}
