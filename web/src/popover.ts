// One popover for the marks of a text: shown on hover and on keyboard focus, positioned `fixed` over
// the page so that showing it never moves the text. The mark points at it with aria-describedby.
// The router removes every `.popover` when it leaves a view.
import { clear, h } from './dom.ts';

export interface PopoverSource {
  /** Container whose `[data-mark]` descendants get the popover. */
  container: HTMLElement;
  /** The record behind a mark, as DOM (text nodes only), or null for none. */
  describe: (key: string) => Node | null;
}

let counter = 0;

export function attachPopover({ container, describe }: PopoverSource): { hide: () => void; showFor: (el: HTMLElement) => void } {
  const pop = h('div', { class: 'popover', role: 'tooltip', id: `popover-${++counter}`, hidden: true });
  document.body.appendChild(pop);
  let owner: HTMLElement | null = null;

  const markOf = (t: EventTarget | null): HTMLElement | null =>
    t instanceof Element ? (t.closest('[data-mark]') as HTMLElement | null) : null;

  function showFor(piece: HTMLElement, near?: { x: number; y: number }): void {
    const key = piece.dataset.mark!;
    const body = describe(key);
    if (!body) { hide(); return; }
    if (owner) owner.removeAttribute('aria-describedby');
    const first = (container.querySelector(`[data-mark="${CSS.escape(key)}"][data-first]`) as HTMLElement | null) ?? piece;
    owner = first;
    first.setAttribute('aria-describedby', pop.id);
    clear(pop);
    pop.appendChild(body);
    pop.hidden = false;
    place(piece, near);
  }

  function place(piece: HTMLElement, near?: { x: number; y: number }): void {
    // a mark that wraps lines has several boxes: use the one under the pointer, else the first
    const rects = [...piece.getClientRects()];
    let r = rects[0] ?? piece.getBoundingClientRect();
    if (near) r = rects.find((x) => near.y >= x.top && near.y <= x.bottom) ?? r;
    const vw = document.documentElement.clientWidth, vh = window.innerHeight, gap = 6;
    pop.style.left = '0px'; pop.style.top = '0px';
    const pw = pop.offsetWidth, ph = pop.offsetHeight;
    const left = Math.max(8, Math.min((near?.x ?? r.left) - 24, vw - pw - 8));
    const below = r.bottom + gap;
    const top = below + ph <= vh - 8 || r.top - gap - ph < 8 ? below : r.top - gap - ph;
    pop.style.left = `${Math.round(left)}px`;
    pop.style.top = `${Math.round(Math.max(8, top))}px`;
  }

  function hide(): void {
    pop.hidden = true;
    if (owner) owner.removeAttribute('aria-describedby');
    owner = null;
  }

  let hovered: HTMLElement | null = null;
  container.addEventListener('mouseover', (e) => {
    const m = markOf(e.target);
    if (m && m !== hovered) { hovered = m; showFor(m, { x: e.clientX, y: e.clientY }); }
  });
  container.addEventListener('mouseleave', () => {
    hovered = null;
    if (!container.contains(document.activeElement) || !markOf(document.activeElement)) hide();
  });
  container.addEventListener('focusin', (e) => { const m = markOf(e.target); if (m) showFor(m); });
  container.addEventListener('focusout', (e) => { if (!markOf(e.relatedTarget)) hide(); });
  container.addEventListener('keydown', (e) => { if (e.key === 'Escape') hide(); });
  const onScroll = (): void => {
    if (!pop.isConnected) { window.removeEventListener('scroll', onScroll); return; }
    if (owner && !pop.hidden) place(owner);
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  return { hide, showFor: (el) => showFor(el) };
}
