// Listening for `dossier serve` and `dossier demo`: the port asked for, or — when the caller allows it and
// the port is taken — the next few, then any free port the system gives; the URL actually bound comes back.

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DossierError } from '../errors.js';

/** Ports tried after a busy one before asking the system for any free port. */
const NEXT_PORTS = 10;

export interface ListenOptions {
  host: string;
  port: number;
  /** Try the next ports, then port 0, when `port` is busy (the demo); `dossier serve` fails instead. */
  fallback?: boolean;
}

const isBusy = (err: unknown): boolean => (err as NodeJS.ErrnoException)?.code === 'EADDRINUSE';

/** Formats a host for a URL (IPv6 in brackets; the unspecified address as localhost for a person to click). */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export async function listen(app: FastifyInstance, options: ListenOptions): Promise<string> {
  const candidates = [options.port];
  if (options.fallback && options.port !== 0) {
    for (let i = 1; i <= NEXT_PORTS && options.port + i < 65536; i++) candidates.push(options.port + i);
    candidates.push(0);
  }
  for (const port of candidates) {
    try {
      await app.listen({ host: options.host, port });
      const address = app.server.address() as AddressInfo;
      return `http://${urlHost(options.host)}:${address.port}`;
    } catch (err) {
      if (isBusy(err) && port !== candidates[candidates.length - 1]) continue;
      if (isBusy(err)) throw new DossierError('DOSSIER_BAD_OPTION', `Port ${port} on ${options.host} is already in use; choose another with --port.`);
      const code = (err as NodeJS.ErrnoException).code;
      throw new DossierError('DOSSIER_BAD_OPTION', `Cannot listen on ${options.host}:${port} (${code ?? (err as Error).message}).`);
    }
  }
  throw new DossierError('DOSSIER_INTERNAL', 'No port to listen on.');
}
