import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

// A router of our own (history API, ~40 lines): the app has a handful of flat paths, and react-router's current
// major needs Node 22 to install, and the citizen pages' size budget is better spent elsewhere.

const NAVIGATE = 'ekhtyar:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const currentPath = () => window.location.pathname;

/** The current path (without query or hash); re-renders on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, currentPath);
}

/** Goes to `to` within the app (a new history entry), and moves focus to the main content for screen readers. */
export function navigate(to: string): void {
  if (to === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
  window.scrollTo(0, 0);
  document.getElementById('main')?.focus();
}

/** A link that navigates within the app; a modified click (new tab, download) is left to the browser. */
export function Link({ to, ...rest }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} {...rest} onClick={onClick} />;
}

/** The part of `path` after `prefix` + "/", decoded ("/track/KP-1" with "/track" → "KP-1"); null when it does not match. */
export function pathParam(path: string, prefix: string): string | null {
  if (!path.startsWith(`${prefix}/`)) return null;
  const rest = path.slice(prefix.length + 1);
  if (rest === '' || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}
