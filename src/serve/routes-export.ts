// GET /api/export: everything of one kind, complete (every page, no cap), streamed as it is read so a
// large store never sits in memory; the browser saves it under the filename Content-Disposition gives.

import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DossierError } from '../errors.js';
import { EXPORT_WHATS, exportRows, type ExportFormat } from '../story/export-rows.js';
import type { ApiContext } from './context.js';
import { oneOf, type Query } from './params.js';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/** A writer into the response that waits while the client is slow and stops when it has gone. */
function streamWriter(stream: PassThrough): (s: string) => Promise<void> {
  return async (s) => {
    if (stream.destroyed) throw new DossierError('DOSSIER_INPUT_SKIPPED', 'The client went away.');
    if (stream.write(s)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => { stream.off('drain', done); stream.off('close', done); resolve(); };
      stream.once('drain', done);
      stream.once('close', done);
    });
  };
}

export function registerExportRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/export', async (req, reply) => {
    const q = req.query as Query;
    const what = oneOf(q, 'what', EXPORT_WHATS);
    const format = oneOf(q, 'format', ['jsonl', 'csv'] as const, 'jsonl')!;
    if (!what) throw new DossierError('DOSSIER_BAD_OPTION', `Say what to export: what=${EXPORT_WHATS.join('|')}.`);
    if (what === 'analyses' && format === 'csv') throw new DossierError('DOSSIER_BAD_OPTION', 'Analyses are whole documents: export them with format=jsonl (CSV is for quotes, figures, events and entities).');
    const stream = new PassThrough();
    const write = streamWriter(stream);
    exportRows(ctx.store, what, format, write).then(
      () => stream.end(),
      (err: unknown) => {
        // the status line has gone out: a cut-off body is all that can tell the client
        req.log.error({ err }, 'export failed part-way');
        stream.destroy(err instanceof Error ? err : new Error(String(err)));
      },
    );
    reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="dossier-${what}.${format}"`);
    return reply.send(stream);
  });
}
