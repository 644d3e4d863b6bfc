// Keyset-paged lists ({ items, nextCursor }): the first page when the filter changes, "load more" appends.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';

export interface Page<T> {
  items: T[];
  nextCursor: number | null;
}

export function useKeyset<T>(load: (cursor: number | undefined, signal: AbortSignal) => Promise<Page<T>>, filterKey: string) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const ctrl = useRef<AbortController | null>(null);

  const fetchPage = useCallback(async (cursor: number | undefined, append: boolean) => {
    ctrl.current?.abort();
    const ac = new AbortController();
    ctrl.current = ac;
    setLoading(true);
    setError(null);
    try {
      const page = await loadRef.current(cursor, ac.signal);
      if (ac.signal.aborted) return;
      setItems((prev) => (append ? [...prev, ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (e) {
      if (ac.signal.aborted) return;
      if (!append) setItems([]);
      setError(errorMessage(e));
    } finally {
      if (!ac.signal.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    fetchPage(undefined, false);
    return () => ctrl.current?.abort();
  }, [filterKey, generation, fetchPage]);

  const loadMore = useCallback(() => {
    if (next !== null) fetchPage(next, true);
  }, [next, fetchPage]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  /** change one row in place (after an action), without reloading the list */
  const update = useCallback((pred: (t: T) => boolean, patch: (t: T) => T) => setItems((list) => list.map((x) => (pred(x) ? patch(x) : x))), []);

  return { items, hasMore: next !== null, loading, error, loadMore, reload, update };
}
