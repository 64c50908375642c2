import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

type Done = (error: Error | null, body?: unknown) => void;

/** Throws on bytes that are not UTF-8, where `Buffer#toString` would put U+FFFD in the text. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function badRequest(code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code });
}

/** Whether `text` parses as JSON at all (only asked once Fastify's parser has refused it). */
function isPlainJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The JSON body parser of every route, in place of Fastify's (which Nest registers by default):
 * - an empty body is no body. RealWorld frontends send `Content-Type: application/json` on every
 *   request, a bodiless favorite, follow, delete or logout included; Fastify refused those
 *   (FST_ERR_CTP_EMPTY_JSON_BODY) with a 400 "is not valid JSON";
 * - bytes that are not UTF-8 are a 400, not text with U+FFFD in it;
 * - the rest is Fastify's own parser: the body limit, `__proto__`/`constructor` poisoning refused
 *   (a 400 saying so: the JSON itself is valid), malformed JSON a 400 with Fastify's error code.
 * The charset is checked before the body is read (`requireJsonBodies`).
 */
export function useJsonBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request: FastifyRequest, body: Buffer, done: Done) => {
      if (body.length === 0) return done(null, undefined);
      let text: string;
      try {
        text = UTF8.decode(body);
      } catch {
        return done(badRequest('FOLIO_JSON_BAD_UTF8', 'is not valid UTF-8'));
      }
      void parseJson(request, text, (error, parsed) => {
        if (error && isPlainJson(text)) {
          // Valid JSON that Fastify refused: a `__proto__` or `constructor.prototype` key.
          return done(
            badRequest(
              'FOLIO_JSON_PROTO',
              'must not hold a __proto__ or constructor.prototype key',
            ),
          );
        }
        done(error, parsed);
      });
    },
  );
}

/** A form's body is a few fields (a one-click unsubscribe's `List-Unsubscribe=One-Click`). */
const FORM_BODY_LIMIT = 16 * 1024;

/**
 * Parses `application/x-www-form-urlencoded` bodies into an object of strings (a field given twice:
 * its last value). Only routes configured for forms get this far (applyHttpSecurity refuses them
 * elsewhere with a 415).
 */
export function useFormBodyParser(app: NestFastifyApplication): void {
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit: FORM_BODY_LIMIT },
    (_request: FastifyRequest, body: Buffer, done: Done) => {
      let text: string;
      try {
        text = UTF8.decode(body);
      } catch {
        return done(badRequest('FOLIO_FORM_BAD_UTF8', 'is not valid UTF-8'));
      }
      done(null, Object.fromEntries(new URLSearchParams(text)));
    },
  );
}
