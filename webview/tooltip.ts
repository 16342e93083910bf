// A hover tooltip next to the pointer, flipped or clamped so it stays inside the visible part of
// the panel (its parent scrolls).

export function placeTooltip(t: HTMLElement, x: number, y: number): void {
  const view = t.parentElement;
  const gap = 12;
  const left0 = view ? view.scrollLeft : 0;
  const top0 = view ? view.scrollTop : 0;
  const width = view ? view.clientWidth : window.innerWidth;
  const height = view ? Math.min(view.clientHeight, window.innerHeight - view.getBoundingClientRect().top) : window.innerHeight;
  let left = x + gap;
  if (left + t.offsetWidth > left0 + width) left = x - gap - t.offsetWidth;
  left = Math.max(left0, Math.min(left, left0 + width - t.offsetWidth));
  let top = y + gap;
  if (top + t.offsetHeight > top0 + height) top = y - gap - t.offsetHeight;
  top = Math.max(top0, top);
  t.style.left = `${left}px`;
  t.style.top = `${top}px`;
}
