// Shared row mapping: how an article and its analysis become rows, identical for both backends.

import { createHash } from 'node:crypto';

/**
 * The text the content hash is taken over: Unicode NFC, every run of white space (any Unicode space,
 * tab, line break) collapsed to one space, and trimmed. Two copies of a report that differ only in
 * line wrapping or composed/decomposed accents hash the same; the exact text is still what is stored.
 */
export function normaliseForHash(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** sha256 (hex) of the normalised text: the identity of an article's content. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseForHash(text), 'utf8').digest('hex');
}

/** Store id of an article: the first 80 bits of its content hash, so every store gives it the same id. */
export function articleIdFor(hash: string): string {
  return hash.slice(0, 20);
}
