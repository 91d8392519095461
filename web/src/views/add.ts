// Add: paste a text, read a .txt/.html file in the browser, or give a page or feed URL; preview the
// analysis without storing it, or ingest it into the store. Ingesting needs the server's write
// token: it lives in sessionStorage only (gone when the tab closes), is sent in the Authorization
// header, and never appears in the URL or the page text.
import { api, ApiError } from '../api.ts';
import { clear, h, link, note } from '../dom.ts';
import type { Route } from '../router.ts';
import { renderAnalysis } from './article.ts';

const TOKEN_KEY = 'dossier.writeToken';

type Mode = 'text' | 'file' | 'url' | 'feed';

function readToken(): string {
  try { return sessionStorage.getItem(TOKEN_KEY) ?? ''; } catch { return ''; }
}
function keepToken(v: string): void {
  try { if (v) sessionStorage.setItem(TOKEN_KEY, v); else sessionStorage.removeItem(TOKEN_KEY); } catch { /* storage off: the field still works */ }
}

export async function addView(main: HTMLElement, _r: Route): Promise<void> {
  const token = h('input', { id: 'add-token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  token.value = readToken();
  token.addEventListener('input', () => keepToken(token.value.trim()));

  const modeInputs = (['text', 'file', 'url', 'feed'] as Mode[]).map((m, i) => {
    const input = h('input', { type: 'radio', name: 'mode', value: m, id: `mode-${m}` });
    input.checked = i === 0;
    return h('label', { class: 'mode', for: `mode-${m}` }, input, { text: ' Paste text', file: ' Upload a file', url: ' Web page URL', feed: ' Feed URL (RSS/Atom)' }[m]);
  });
  const text = h('textarea', { id: 'add-text', rows: 12, spellcheck: 'false', placeholder: 'Paste the article text here' });
  const file = h('input', { id: 'add-file', type: 'file', accept: '.txt,.html,.htm,text/plain,text/html' });
  const url = h('input', { id: 'add-url', type: 'url', placeholder: 'https://…', autocomplete: 'off' });
  const title = h('input', { id: 'add-title', type: 'text', autocomplete: 'off' });
  const published = h('input', { id: 'add-published', type: 'date' });
  const panes: Record<Mode, HTMLElement> = {
    text: h('div', { class: 'pane' }, h('label', { for: 'add-text' }, 'Article text'), text),
    file: h('div', { class: 'pane' }, h('label', { for: 'add-file' }, 'A .txt or .html file (read in your browser)'), file),
    url: h('div', { class: 'pane' }, h('label', { for: 'add-url' }, 'Address of the article')),
    feed: h('div', { class: 'pane' }, h('label', { for: 'add-url' }, 'Address of the feed: each entry is fetched and ingested')),
  };
  const urlPane = h('div', { class: 'pane' }, url);
  const mode = (): Mode => (modeInputs.map((l) => l.querySelector('input')!).find((i) => i.checked)?.value as Mode) ?? 'text';
  const showPane = () => {
    const m = mode();
    for (const [k, p] of Object.entries(panes)) p.hidden = k !== m;
    urlPane.hidden = m !== 'url' && m !== 'feed';
    previewBtn.disabled = m === 'feed';
  };

  const previewBtn = h('button', { type: 'button', class: 'secondary' }, 'Preview analysis (not stored)');
  const ingestBtn = h('button', { type: 'submit' }, 'Add to the store');
  const out = h('div', { class: 'add-out', 'aria-live': 'polite' });
  const form = h('form', { class: 'add-form', autocomplete: 'off' },
    h('fieldset', null, h('legend', null, 'What to add'), h('div', { class: 'modes' }, ...modeInputs), ...Object.values(panes), urlPane),
    h('div', { class: 'row2' },
      h('div', null, h('label', { for: 'add-title' }, 'Title (optional)'), title),
      h('div', null, h('label', { for: 'add-published' }, 'Published (optional; relative dates resolve against it)'), published)),
    h('div', null, h('label', { for: 'add-token' }, 'Write token'), token,
      h('p', { class: 'muted small' }, 'Printed by “dossier serve” or “dossier demo”. Kept only in this browser tab.')),
    h('div', { class: 'actions' }, ingestBtn, ' ', previewBtn));
  for (const l of modeInputs) l.querySelector('input')!.addEventListener('change', showPane);
  showPane();

  async function body(): Promise<{ text?: string; html?: string; url?: string; feed?: string; title?: string; published?: string } | null> {
    const m = mode();
    const extra = { title: title.value.trim() || undefined, published: published.value || undefined };
    if (m === 'text') return text.value.trim() ? { text: text.value, ...extra } : null;
    if (m === 'file') {
      const f = file.files?.[0];
      if (!f) return null;
      const content = await f.text();
      return /\.html?$/i.test(f.name) || f.type === 'text/html' ? { html: content, ...extra } : { text: content, ...extra };
    }
    const u = url.value.trim();
    if (!u) return null;
    return m === 'feed' ? { feed: u, ...extra } : { url: u, ...extra };
  }

  function fail(err: unknown): void {
    clear(out);
    const msg = err instanceof ApiError ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err);
    out.append(note(msg, 'error'));
  }

  previewBtn.addEventListener('click', async () => {
    const b = await body();
    if (!b) { fail(new Error('Give a text, a file or a URL first.')); return; }
    clear(out); out.append(note('Analysing…'));
    try {
      const a = await api.analyze(b);
      clear(out);
      out.append(h('h2', null, 'Preview (not stored)'), renderAnalysis(a, {}, null).element);
    } catch (err) { fail(err); }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const b = await body();
    if (!b) { fail(new Error('Give a text, a file or a URL first.')); return; }
    const t = token.value.trim();
    if (!t) { fail(new Error('Adding to the store needs the write token.')); token.focus(); return; }
    clear(out); out.append(note('Adding…'));
    ingestBtn.disabled = true;
    try {
      const res = await api.ingest(b, t);
      clear(out);
      out.append(h('h2', null, 'Added'),
        res.results.length ? h('ul', { class: 'ingest-results' }, ...res.results.map((x) => h('li', null,
          link(['article', x.articleId], null, null, x.title || x.url || x.articleId), ' ',
          h('span', { class: 'badge' }, x.status === 'duplicate' || x.status === 'exists' ? 'already stored' : x.status)))) : note('Nothing was added.', 'empty'),
        res.failed.length ? h('ul', { class: 'ingest-failed' }, ...res.failed.map((f) => h('li', { class: 'note-error' },
          `${f.url ? f.url + ': ' : ''}${typeof f.error === 'string' ? f.error : `${f.error.message} (${f.error.code})`}`))) : '');
    } catch (err) { fail(err); } finally { ingestBtn.disabled = false; }
  });

  main.append(h('h1', null, 'Add an article'), form, out);
}
