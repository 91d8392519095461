// `dossier demo` for real: the demo corpus is ingested into a temporary store, the server starts on a
// free port and prints its address; SIGTERM stops it and the temporary store is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/contract.js';

const BIN = path.join(ROOT, 'bin', 'dossier.js');

test('dossier demo serves the demo corpus and removes its store on exit', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [BIN, 'demo', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (/Ctrl-C stops/.test(stdout)) resolve();
      });
      void exited.then((code) => reject(new Error(`demo exited (${code}) before serving: ${stderr}`)));
    });
    const url = /Dossier demo at (http:\/\/[^\s/]+)\//.exec(stdout)?.[1];
    const dir = /Temporary store: (\S+)/.exec(stdout)?.[1];
    assert.ok(url && dir, stdout);
    assert.match(stdout, /Write token \(for adding articles\): \S{20,}/);
    assert.match(stdout, /#\/entity\/Lavrov/);
    assert.match(stderr, /ingesting the demo corpus/);
    assert.ok(existsSync(dir));
    const health = await (await fetch(`${url}/api/health`)).json() as { ok: boolean; articles: number };
    assert.deepEqual(health.ok, true);
    assert.equal(health.articles, 35);
    const quotes = await (await fetch(`${url}/api/quotes?by=Lavrov`)).json() as { items: unknown[] };
    assert.ok(quotes.items.length > 5);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.ok(!existsSync(dir), 'the temporary store is removed');
  } finally {
    child.kill('SIGKILL');
  }
});
