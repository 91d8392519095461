// Bytes into text. Plain text is decoded and otherwise left exactly as the user wrote it (no line-ending
// or whitespace normalisation), so that offsets into the record's text are offsets into their file.

import type { Warning } from '../contract.js';
import { DossierError } from '../errors.js';

export interface DecodedText {
  text: string;
  warnings: Warning[];
}

/** Magic numbers of formats people mistake for articles; each names what the input looks like. */
const MAGIC: Array<{ bytes: number[]; offset?: number; what: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' }, // %PDF-
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or a Word/OpenDocument/EPUB file, which are ZIP inside)' },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' }, // GIF8
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, what: 'a WebP image' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file' }, // BZh (checked with the digit below)
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz-compressed file' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a Zstandard-compressed file' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Microsoft Office document' },
  { bytes: [0x4f, 0x67, 0x67, 0x53], what: 'an Ogg audio/video file' }, // OggS
  { bytes: [0x49, 0x44, 0x33], what: 'an MP3 audio file' }, // ID3
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], what: 'an SQLite database' },
  { bytes: [0x66, 0x74, 0x79, 0x70], offset: 4, what: 'an MP4/QuickTime video or HEIC image' }, // ftyp
];

function startsWithBytes(bytes: Uint8Array, magic: number[], offset: number): boolean {
  if (bytes.length < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[offset + i] !== magic[i]) return false;
  return true;
}

/** What a binary input looks like, or null when it may be text. */
export function sniffBinary(bytes: Uint8Array): string | null {
  for (const m of MAGIC) {
    if (!startsWithBytes(bytes, m.bytes, m.offset ?? 0)) continue;
    // "BZh" and "ID3" could begin a sentence; demand what follows in the real formats.
    if (m.bytes[0] === 0x42 && !(bytes[3] >= 0x31 && bytes[3] <= 0x39 && bytes[4] === 0x31 && bytes[5] === 0x41)) continue;
    if (m.bytes[0] === 0x49 && !(bytes.length > 4 && bytes[3] <= 0x05 && bytes[4] < 0x20)) continue;
    return m.what;
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return null; // UTF-16 BOM
  if (bytes.indexOf(0) !== -1) return 'binary data (it contains NUL bytes)';
  // Text has next to no C0 control characters besides tab, line feed, form feed, carriage return and escape.
  const n = Math.min(bytes.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f) control++;
  }
  if (n > 0 && control / n > 0.05) return `binary data (${Math.round((100 * control) / n)}% of its bytes are control characters)`;
  return null;
}

/** How many bytes the WHATWG UTF-8 decoder replaces with U+FFFD (each maximal invalid subpart). */
export function countInvalidUtf8(bytes: Uint8Array): number {
  let bad = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else { bad++; i++; continue; }
    let j = 1;
    for (; j <= need; j++) {
      const c = bytes[i + j];
      if (i + j >= n || c < lo || c > hi) break;
      lo = 0x80;
      hi = 0xbf;
    }
    if (j > need) i += need + 1;
    else { bad += j; i += j; }
  }
  return bad;
}

/** The charset label for a BOM at the start of `bytes`, and the BOM's length. */
export function sniffBom(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/**
 * Decodes `bytes` as `charset` (UTF-8 unless told otherwise; a BOM wins and is dropped). Invalid UTF-8
 * becomes U+FFFD with a warning, unless most of the input is invalid, which is refused.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | null = null, what = 'The input'): DecodedText {
  const warnings: Warning[] = [];
  const bom = sniffBom(bytes);
  let label = bom?.charset ?? charset ?? 'utf-8';
  const body = bom ? bytes.subarray(bom.length) : bytes;
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    warnings.push({ code: 'DOSSIER_INPUT_UNKNOWN_CHARSET', message: `${what} declares the charset "${label}", which is not known; it was read as UTF-8.` });
    label = 'utf-8';
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  }
  try {
    return { text: decoder.decode(body), warnings };
  } catch {
    const replaced = label === 'utf-8' ? countInvalidUtf8(body) : 0;
    if (label === 'utf-8' && replaced > body.length / 2) {
      throw new DossierError('DOSSIER_INPUT_INVALID', `${what} is not UTF-8 text: ${replaced} of its ${body.length} bytes are not valid UTF-8. Convert it to UTF-8 first.`);
    }
    const text = new TextDecoder(label, { ignoreBOM: true }).decode(body);
    warnings.push({
      code: 'DOSSIER_INPUT_INVALID_UTF8',
      message: label === 'utf-8'
        ? `${what} is not valid UTF-8: ${replaced} byte${replaced === 1 ? ' was' : 's were'} replaced with U+FFFD (if the file is Latin-1 or Windows-1252, convert it to UTF-8 first).`
        : `${what} has bytes that are not valid ${label}; they were replaced with U+FFFD.`,
    });
    return { text, warnings };
  }
}

/** True when `text` has no character other than whitespace. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x1680 || c === 0x85)) return false;
  }
  return true;
}

/** Plain-text bytes into text: binary and empty inputs refused, invalid UTF-8 replaced with a warning. */
export function decodePlainText(bytes: Uint8Array, what = 'The input', charset: string | null = null): DecodedText {
  if (bytes.length === 0) throw new DossierError('DOSSIER_INPUT_EMPTY', `${what} is empty.`);
  const binary = sniffBinary(bytes);
  if (binary) throw new DossierError('DOSSIER_INPUT_BINARY', `${what} is not text: it looks like ${binary}.`);
  const decoded = decodeBytes(bytes, charset, what);
  if (isBlank(decoded.text)) throw new DossierError('DOSSIER_INPUT_EMPTY', `${what} contains only whitespace.`);
  return decoded;
}
