// Errors are values with a stable code and a sentence for a person (fastify style).
// The CLI maps them to exit codes, the HTTP layer to statuses; neither shows a stack trace.

export type ErrorCode =
  | 'DOSSIER_INPUT_EMPTY'
  | 'DOSSIER_INPUT_BINARY'
  | 'DOSSIER_INPUT_TOO_LARGE'
  | 'DOSSIER_INPUT_NOT_FOUND'
  | 'DOSSIER_INPUT_UNREADABLE'
  | 'DOSSIER_INPUT_INVALID'
  | 'DOSSIER_HTML_NO_ARTICLE'
  | 'DOSSIER_JSONL_BAD_LINE'
  | 'DOSSIER_JSONL_NO_TEXT'
  | 'DOSSIER_FETCH_BAD_URL'
  | 'DOSSIER_FETCH_PRIVATE_ADDRESS'
  | 'DOSSIER_FETCH_FAILED'
  | 'DOSSIER_FETCH_TIMEOUT'
  | 'DOSSIER_FETCH_TOO_LARGE'
  | 'DOSSIER_FETCH_TOO_MANY_REDIRECTS'
  | 'DOSSIER_FETCH_HTTP_STATUS'
  | 'DOSSIER_FETCH_UNSUPPORTED_TYPE'
  | 'DOSSIER_BAD_OPTION'
  | 'DOSSIER_BAD_DATE'
  | 'DOSSIER_DATA_MISSING'
  | 'DOSSIER_STORE_OPEN'
  | 'DOSSIER_STORE_UNREACHABLE'
  | 'DOSSIER_STORE_BAD_ANALYSIS'
  | 'DOSSIER_STORE_BAD_CURSOR'
  | 'DOSSIER_STORE_NOT_FOUND'
  | 'DOSSIER_STORE_FAILED'
  | 'DOSSIER_FEED_INVALID'
  | 'DOSSIER_INPUT_SKIPPED'
  | 'DOSSIER_INTERNAL'
  // the HTTP API's own (src/serve/)
  | 'DOSSIER_AUTH_REQUIRED'
  | 'DOSSIER_NOT_FOUND'
  | 'DOSSIER_BODY_TOO_LARGE'
  | 'DOSSIER_UNSUPPORTED_MEDIA_TYPE';

export class DossierError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DossierError';
    this.code = code;
  }
  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Any thrown value as a DossierError; unknown failures become DOSSIER_INTERNAL without leaking internals. */
export function asDossierError(err: unknown): DossierError {
  if (err instanceof DossierError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new DossierError('DOSSIER_INTERNAL', `Dossier failed unexpectedly: ${detail}`, { cause: err });
}
