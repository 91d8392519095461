// Every failure the API answers is `{"error":{"code":"DOSSIER_…","message":"a sentence"}}` with the status
// its code calls for. Codes map to statuses here and nowhere else (as the CLI maps them to exit codes in
// cli/exit.ts). A server-side failure is logged in full and answered with a generic sentence: a client
// never sees a stack trace, an internal path or a connection string.

import { DossierError, type ErrorCode } from '../errors.js';

export interface ErrorBody {
  error: { code: string; message: string };
}

export interface HttpFailure {
  status: number;
  body: ErrorBody;
  /** True when the server is at fault: log the original error. */
  internal: boolean;
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  DOSSIER_AUTH_REQUIRED: 401,
  DOSSIER_NOT_FOUND: 404,
  DOSSIER_STORE_NOT_FOUND: 404,
  DOSSIER_BODY_TOO_LARGE: 413,
  DOSSIER_UNSUPPORTED_MEDIA_TYPE: 415,
  // the input was well-formed but cannot be analysed
  DOSSIER_HTML_NO_ARTICLE: 422,
  DOSSIER_FEED_INVALID: 422,
  DOSSIER_FETCH_PRIVATE_ADDRESS: 422,
  DOSSIER_FETCH_TOO_LARGE: 422,
  DOSSIER_FETCH_TOO_MANY_REDIRECTS: 422,
  DOSSIER_FETCH_UNSUPPORTED_TYPE: 422,
  // the page's own server failed us
  DOSSIER_FETCH_FAILED: 502,
  DOSSIER_FETCH_TIMEOUT: 502,
  DOSSIER_FETCH_HTTP_STATUS: 502,
  DOSSIER_STORE_UNREACHABLE: 503,
};

/** Codes about the server itself: their messages may name files or hosts, so the client gets a generic one. */
const SERVER_SIDE = new Set<ErrorCode>(['DOSSIER_INTERNAL', 'DOSSIER_DATA_MISSING', 'DOSSIER_STORE_OPEN', 'DOSSIER_STORE_UNREACHABLE',
  'DOSSIER_STORE_BAD_ANALYSIS', 'DOSSIER_STORE_FAILED']);

const GENERIC_MESSAGE = 'Dossier failed unexpectedly while answering this request; the server log has the details.';

export function statusForCode(code: ErrorCode): number {
  const status = STATUS_BY_CODE[code];
  if (status) return status;
  if (SERVER_SIDE.has(code)) return 500;
  // bad options, dates, cursors, JSON lines, inputs and URLs: the request itself is wrong
  return 400;
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Fastify's own errors (body parsing, limits, media types) in Dossier's words. */
function fromFramework(err: { code?: string; statusCode?: number }): HttpFailure | null {
  const status = err.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (status === 413) return client(413, 'DOSSIER_BODY_TOO_LARGE', 'The request body is larger than this route accepts.');
  if (status === 415) return client(415, 'DOSSIER_UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON, with Content-Type: application/json.');
  if (status === 404) return client(404, 'DOSSIER_NOT_FOUND', 'There is nothing at this address.');
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return client(400, 'DOSSIER_INPUT_INVALID', 'The request says it sends JSON but its body is empty.');
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return client(400, 'DOSSIER_INPUT_INVALID', 'The request body is not valid JSON.');
  }
  return client(400, 'DOSSIER_INPUT_INVALID', 'The request is malformed.');
}

function client(status: number, code: ErrorCode, message: string): HttpFailure {
  return { status, body: errorBody(code, message), internal: false };
}

/** Any thrown value as the status and body the client sees. */
export function toHttpFailure(err: unknown): HttpFailure {
  if (err instanceof DossierError) {
    const status = statusForCode(err.code);
    if (status >= 500) {
      const code = err.code === 'DOSSIER_STORE_UNREACHABLE' ? err.code : 'DOSSIER_INTERNAL';
      const message = code === 'DOSSIER_STORE_UNREACHABLE' ? 'The store cannot be reached right now; try again shortly.' : GENERIC_MESSAGE;
      return { status, body: errorBody(code, message), internal: true };
    }
    return { status, body: errorBody(err.code, err.message), internal: false };
  }
  if (err && typeof err === 'object') {
    const framework = fromFramework(err as { code?: string; statusCode?: number });
    if (framework) return framework;
  }
  return { status: 500, body: errorBody('DOSSIER_INTERNAL', GENERIC_MESSAGE), internal: true };
}
