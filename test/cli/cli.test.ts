// The real command line, run as a user runs it (`node bin/dossier.js …` from the project root), plus
// `main()` in-process where streams are simpler to hand in.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { PROJECT_ROOT } from '../../src/resources.js';

const BIN = path.join(PROJECT_ROOT, 'bin', 'dossier.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const ARTICLE = 'Kyiv has repeatedly dismissed Russia’s claims, officials said on Monday.\n\n"A meeting of the presidents will be necessary," Sergey Lavrov said.\n';
const articleFile = path.join(tmp, 'article.txt');
writeFileSync(articleFile, ARTICLE);

interface Run { status: number | null; stdout: string; stderr: string }

function dossier(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', FORCE_COLOR: '', DOSSIER_DEBUG: '', ...options.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, input: options.input ?? '', env, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `main()` in this process with streams handed in: the same code path, without a process start. */
async function inProcess(args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => { chunks.out += d.toString(); });
  stderr.on('data', (d: Buffer) => { chunks.err += d.toString(); });
  const stdin = new PassThrough();
  stdin.end(input);
  const status = await main(args, { stdin, stdout, stderr, env });
  return { status, stdout: chunks.out, stderr: chunks.err };
}

const noStack = (r: Run): void => assert.doesNotMatch(r.stderr, /\n\s+at /, `no stack trace in: ${r.stderr}`);

test('usage errors exit 2 with one line naming the problem and pointing to --help', async () => {
  const cases: Array<[args: string[], code: string, says: RegExp]> = [
    [['analyze', articleFile, '--bogus'], 'DOSSIER_BAD_OPTION', /Unknown option --bogus/],
    [['analyze'], 'DOSSIER_BAD_OPTION', /needs an input/],
    [['analyze', 'a.txt', 'b.txt'], 'DOSSIER_BAD_OPTION', /takes one input/],
    [['analyze', articleFile, '--format', 'xml'], 'DOSSIER_BAD_OPTION', /--format must be json or pretty/],
    [['analyze', articleFile, '--published', '2022-13-45'], 'DOSSIER_BAD_DATE', /2022-13-45/],
    [['analyze', articleFile, '--published', 'yesterday'], 'DOSSIER_BAD_DATE', /yesterday/],
    [['analyze', articleFile, '--title'], 'DOSSIER_BAD_OPTION', /--title needs a value/],
    [['analyze', articleFile, '--workers', '2'], 'DOSSIER_BAD_OPTION', /--jsonl batches only/],
    [['analyze', '--jsonl', '--workers', 'many'], 'DOSSIER_BAD_OPTION', /--workers must be/],
    [['analyze', '--jsonl', '--title', 'T'], 'DOSSIER_BAD_OPTION', /single article/],
    [['analyze', '--jsonl', '--format', 'pretty'], 'DOSSIER_BAD_OPTION', /JSON lines only/],
    [['frobnicate'], 'DOSSIER_BAD_OPTION', /Unknown command "frobnicate"/],
    [['--frob'], 'DOSSIER_BAD_OPTION', /Unknown option --frob/],
    [['help', 'nothing'], 'DOSSIER_BAD_OPTION', /no command "nothing"/],
    [['demo', 'extra'], 'DOSSIER_BAD_OPTION', /takes no argument "extra"/],
  ];
  for (const [args, code, says] of cases) {
    const r = await inProcess(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(`^dossier: ${code}: `));
    assert.match(lines[0], says);
    assert.match(lines[0], /dossier --help/);
    assert.equal(r.stdout, '');
  }
  const real = dossier(['analyze', articleFile, '--bogus']);
  assert.equal(real.status, 2);
  assert.match(real.stderr, /^dossier: DOSSIER_BAD_OPTION: Unknown option --bogus.*dossier --help/);
});

test('--help lists the commands; help analyze and --version answer on stdout', () => {
  const help = dossier(['--help']);
  assert.equal(help.status, 0);
  for (const cmd of ['dossier analyze FILE|URL|-', 'dossier analyze --jsonl', 'dossier demo', 'dossier help', '--version', '--workers']) {
    assert.ok(help.stdout.includes(cmd), cmd);
  }
  const sub = dossier(['help', 'analyze']);
  assert.equal(sub.status, 0);
  assert.match(sub.stdout, /DOSSIER_JSONL_BAD_LINE/);
  assert.match(dossier(['--version']).stdout, /^dossier \d+\.\d+\.\d+/);
  assert.equal(dossier([]).status, 2);
});

test('analyze FILE writes one indented JSON document of dossier/analysis@1 whose text is the file', () => {
  const r = dossier(['analyze', articleFile, '--published', '2022-03-28', '--title', 'A test']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith('{\n  "schema": "dossier/analysis@1"'), r.stdout.slice(0, 80));
  const a = JSON.parse(r.stdout);
  assert.equal(a.text, ARTICLE);
  assert.equal(a.title, 'A test');
  assert.match(a.published, /^2022-03-28/);
  assert.equal(a.tokens, undefined);
});

test('analyze - reads standard input; --tokens adds the token array', () => {
  const r = dossier(['analyze', '-', '--tokens'], { input: ARTICLE });
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.equal(a.schema, 'dossier/analysis@1');
  assert.equal(a.text, ARTICLE);
  assert.ok(Array.isArray(a.tokens));
});

test('input errors exit 1 with the code and no stack trace', () => {
  const cases: Array<[args: string[], code: string]> = [
    [['analyze', path.join(tmp, 'no-such-file.txt')], 'DOSSIER_INPUT_NOT_FOUND'],
    [['analyze', '--jsonl', path.join(tmp, 'no-such-file.jsonl')], 'DOSSIER_INPUT_NOT_FOUND'],
    [['analyze', '--jsonl', tmp], 'DOSSIER_INPUT_UNREADABLE'],
  ];
  for (const [args, code] of cases) {
    const r = dossier(args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^dossier: ${code}: `));
    noStack(r);
  }
  const empty = dossier(['analyze', '-'], { input: '  \n' });
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /^dossier: DOSSIER_INPUT_EMPTY: /);
});

const BATCH = [
  JSON.stringify({ id: 'one', text: ARTICLE, published: '2022-03-28' }),
  '{"id": "broken", "text": ',
  JSON.stringify({ id: 'no-text', title: 'Nothing here' }),
  '',
  JSON.stringify({ id: 'two', text: 'The minister said the talks would resume on Tuesday.' }),
  JSON.stringify({ id: 'bad-date', text: 'Some text.', published: 'soon' }),
  JSON.stringify({ text: 'No id here, but "quoted words," she said.' }),
].join('\n') + '\n';

function checkBatch(stdout: string): void {
  const out = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 7, 'one output line per input line');
  assert.deepEqual(out.map((o) => o.id), ['one', null, 'no-text', null, 'two', 'bad-date', null]);
  assert.equal(out[0].schema, 'dossier/analysis@1');
  assert.equal(out[0].text, ARTICLE);
  assert.deepEqual([out[1].error.code, out[1].line], ['DOSSIER_JSONL_BAD_LINE', 2]);
  assert.equal(out[2].line, 3);
  assert.match(out[2].error.code, /^DOSSIER_/);
  assert.deepEqual([out[3].error.code, out[3].line], ['DOSSIER_JSONL_BAD_LINE', 4]);
  assert.equal(out[4].schema, 'dossier/analysis@1');
  assert.deepEqual([out[5].error.code, out[5].line], ['DOSSIER_BAD_DATE', 6]);
  assert.equal(out[6].schema, 'dossier/analysis@1');
}

test('--jsonl: one line out per line in, in order, bad lines as error objects, exit 0; same with 2 workers', () => {
  const file = path.join(tmp, 'batch.jsonl');
  writeFileSync(file, BATCH);
  const one = dossier(['analyze', '--jsonl', file]);
  assert.equal(one.status, 0, one.stderr);
  checkBatch(one.stdout);
  const two = dossier(['analyze', '--jsonl', file, '--workers', '2']);
  assert.equal(two.status, 0, two.stderr);
  assert.equal(two.stdout, one.stdout);
  const stdin = dossier(['analyze', '--jsonl'], { input: BATCH });
  assert.equal(stdin.stdout, one.stdout);
});

test('--format pretty: plain marks when stdout is not a terminal, ANSI with FORCE_COLOR=1, none with NO_COLOR', async () => {
  const args = ['analyze', articleFile, '--format', 'pretty', '--published', '2022-03-28'];
  const plain = await inProcess(args);
  assert.equal(plain.status, 0, plain.stderr);
  assert.ok(!plain.stdout.includes('\x1b['));
  assert.ok(plain.stdout.includes('Legend'));
  assert.ok(plain.stdout.includes('published 2022-03-28'));
  assert.ok(plain.stdout.replace(/[⟦⟧⟪⟫⟨⟩⦃⦄⦅⦆¹²³⁴⁵⁶⁷⁸⁹⁰˒]|\|[a-z]+⟩/g, '').includes('Sergey Lavrov said.'), 'article text shown');
  assert.match(plain.stdout, /⟨said⟩/, 'the cue is marked');
  assert.match(plain.stdout, /⦅Monday⦆/, 'the date is marked');
  const colour = await inProcess(args, '', { FORCE_COLOR: '1' });
  assert.match(colour.stdout, /\x1b\[[0-9;]*m/);
  const none = await inProcess(args, '', { NO_COLOR: '1' });
  assert.ok(!none.stdout.includes('\x1b['));
  const real = dossier(args, { env: { FORCE_COLOR: '1' } });
  assert.equal(real.status, 0, real.stderr);
  assert.match(real.stdout, /\x1b\[[0-9;]*m/);
});

test('demo --print analyses the bundled Lavrov article from any working directory', () => {
  const r = spawnSync(process.execPath, [BIN, 'demo', '--print'], { cwd: tmp, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Lavrov/);
  assert.match(r.stdout, /published 2022-03-28/);
  assert.match(r.stdout, /dossier analyze --jsonl/);
});

test('a reader that goes away (| head) ends the batch quietly, exit 0, no stack trace', async () => {
  const lines = Array.from({ length: 5000 }, (_, i) => (i % 2 ? '' : 'not json')).join('\n') + '\n';
  const child = spawn(process.execPath, [BIN, 'analyze', '--jsonl', '-'], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin.on('error', () => {});
  child.stdin.end(lines);
  await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  assert.equal(status, 0, stderr);
  assert.equal(stderr, '');
});

test('main() in-process: streams handed in, status returned', async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const stdin = new PassThrough();
  stdin.end('\n{"id": 7, "html": 1}\n');
  const status = await main(['analyze', '--jsonl'], { stdin, stdout, stderr, env: {} });
  assert.equal(status, 0, err);
  const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.id, l.line, l.error?.code]), [[null, 1, 'DOSSIER_JSONL_BAD_LINE'], ['7', 2, lines[1].error?.code]]);
  assert.equal(await main(['analyze', '--nope'], { stdin, stdout, stderr, env: {} }), 2);
  assert.match(err, /Unknown option --nope/);
});
