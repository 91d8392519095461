// Entry point: the top navigation and the router. Each view is an async function that fills <main>.
import './style.css';
import { ApiError } from './api.ts';
import { clear, h, link, note } from './dom.ts';
import { currentRoute, type Route } from './router.ts';
import { addView } from './views/add.ts';
import { articleView } from './views/article.ts';
import { articlesView } from './views/articles.ts';
import { entitiesView, entityView } from './views/entities.ts';
import { searchView } from './views/search.ts';
import { storyView } from './views/story.ts';

type View = (main: HTMLElement, r: Route) => Promise<void>;

const VIEWS: Record<string, { nav: string; view: View }> = {
  '': { nav: 'articles', view: articlesView },
  article: { nav: 'articles', view: articleView },
  entities: { nav: 'entities', view: entitiesView },
  entity: { nav: 'entities', view: entityView },
  story: { nav: 'story', view: storyView },
  search: { nav: 'search', view: searchView },
  add: { nav: 'add', view: addView },
};

const main = document.getElementById('main') as HTMLElement;
let generation = 0;

async function show(): Promise<void> {
  const r = currentRoute();
  const entry = VIEWS[r.path[0] ?? ''];
  const mine = ++generation;
  for (const p of document.querySelectorAll('.popover')) p.remove();
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
    if (a.dataset.nav === entry?.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.title = 'Dossier';
  if (!entry) {
    clear(main);
    main.append(h('h1', null, 'Not found'), note('There is no page at this address.', 'error'), link([], null, null, 'Back to the articles'));
    return;
  }
  clear(main);
  main.append(note('Loading…'));
  main.setAttribute('aria-busy', 'true');
  // the view fills a detached container, swapped in only if no later navigation overtook it
  const container = h('div', { class: 'view' });
  try {
    await entry.view(container, r);
    if (mine !== generation) return;
    clear(main);
    main.append(container);
  } catch (err) {
    if (mine !== generation) return;
    clear(main);
    const msg = err instanceof ApiError ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err);
    main.append(h('h1', null, 'Something went wrong'), note(msg, 'error'));
    console.warn(err);
  } finally {
    if (mine === generation) main.removeAttribute('aria-busy');
  }
}

window.addEventListener('hashchange', () => {
  void show().then(() => {
    // a new view starts at the top unless it scrolls itself (article ?span=)
    if (!currentRoute().query.has('span')) window.scrollTo(0, 0);
  });
});
document.querySelector('.skip')?.addEventListener('click', (e) => { e.preventDefault(); main.focus(); });
void show();
