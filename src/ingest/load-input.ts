// STUB — the ingest helper replaces the bodies; the signatures are the contract with the CLI.
import type { Article } from '../doc.js';
import { DossierError } from '../errors.js';

export interface LoadOptions {
  /** Allow fetching URLs whose host resolves to a private, loopback or link-local address. */
  allowPrivate?: boolean;
  /** Override / supply the title and publication date. */
  title?: string | null;
  published?: string | null;
  /** Largest input accepted, in bytes. */
  maxBytes?: number;
  /** Where '-' reads from (defaults to process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

/** Reads FILE, URL or '-' into an Article: plain text as decoded, HTML through the article extractor. */
export async function loadInput(spec: string, _options: LoadOptions = {}): Promise<Article> {
  throw new DossierError('DOSSIER_INPUT_UNREADABLE', `Cannot read ${spec}: input loading is not written yet.`);
}

/** One `--jsonl` input object ({id?, text?|html?, url?, title?, published?}) into an Article. */
export async function articleFromJsonObject(_value: unknown, _options: LoadOptions = {}): Promise<Article> {
  throw new DossierError('DOSSIER_JSONL_NO_TEXT', 'JSONL loading is not written yet.');
}
