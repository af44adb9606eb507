import { useEffect, useSyncExternalStore } from 'react';

/** The name of the record a detail page shows, by pathname, for the breadcrumb. */
const names = new Map<string, string>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A detail page announces the name of its record (the breadcrumb's last item). */
export function useRecordName(pathname: string, name: string | undefined): void {
  useEffect(() => {
    if (!name || names.get(pathname) === name) return;
    names.set(pathname, name);
    for (const l of listeners) l();
  }, [pathname, name]);
}

/** The announced name for a pathname, or undefined while the page has not loaded it. */
export function useRecordNameOf(pathname: string): string | undefined {
  return useSyncExternalStore(subscribe, () => names.get(pathname));
}
