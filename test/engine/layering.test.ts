// The folder list is the architecture: a folder imports only from folders to its left.
// (contract, errors and doc are shared vocabulary; the engine files sit after resolve/.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/contract.js';

const ORDER = ['base', 'ingest', 'text', 'models', 'extract', 'resolve', 'engine', 'store', 'story', 'serve', 'cli', 'train', 'eval', 'bench'];
const BASE = new Set(['contract.ts', 'errors.ts', 'doc.ts', 'tagsets.ts']);
// resources.ts only loads lexicons/models for the stages: the engine level
const ENGINE = new Set(['pipeline.ts', 'analyze.ts', 'resources.ts', 'index.ts']);

function layerOf(rel: string): string {
  const parts = rel.split(path.sep);
  if (parts.length === 1) return BASE.has(parts[0]) ? 'base' : ENGINE.has(parts[0]) ? 'engine' : 'engine';
  // the token arrays' shape is vocabulary every layer shares (the Doc holds them)
  if (rel === path.join('text', 'tokens.ts')) return 'base';
  return parts[0];
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('no folder imports a folder to its right', () => {
  const src = path.join(ROOT, 'src');
  const violations: string[] = [];
  for (const file of files(src)) {
    const rel = path.relative(src, file);
    const from = layerOf(rel);
    const code = readFileSync(file, 'utf8');
    // type-only imports of the shared Resources bag are allowed: it is configuration handed down
    for (const m of code.matchAll(/^\s*import\s+(type\s+)?[^'"]*from\s+'(\.{1,2}\/[^']+)'/gm)) {
      const target = path.relative(src, path.resolve(path.dirname(file), m[2]));
      const to = layerOf(target.replace(/\.js$/, '.ts'));
      if (m[1] && target.startsWith('resources')) continue;
      if (ORDER.indexOf(to) > ORDER.indexOf(from)) violations.push(`${rel} (${from}) imports ${target} (${to})`);
    }
  }
  assert.deepEqual(violations, []);
});
