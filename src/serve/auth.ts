// Writes (POST/DELETE that change the store) need `Authorization: Bearer <token>`. The comparison takes
// the same time whatever the guess (both sides hashed to equal length, then timingSafeEqual), and the
// token is never echoed: the 401 says only that a valid token is needed.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DossierError } from '../errors.js';

/** A fresh write token: 32 random bytes, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerOf(header: string | undefined): string | null {
  const m = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return m ? m[1] : null;
}

/** An onRequest hook: runs before the body is read, so an unauthorised upload is refused at once. */
export function requireToken(token: string) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const given = bearerOf(request.headers.authorization);
    if (given === null || !sameToken(given, token)) {
      throw new DossierError('DOSSIER_AUTH_REQUIRED', 'This request changes the store: send the write token as "Authorization: Bearer <token>" (dossier serve prints it at start).');
    }
  };
}
