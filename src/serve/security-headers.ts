// Security headers on every response, whatever answered it (a route, the static files, a 404, an error):
// a strict Content-Security-Policy (scripts, styles and connections from this origin only; no frames,
// plugins or base-URL tricks), no MIME sniffing, no referrer.

import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

async function securityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
}

// The hook belongs to the whole server, not to this plugin's own scope (what fastify-plugin does).
(securityHeaders as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export default securityHeaders;
