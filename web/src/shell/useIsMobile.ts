import { useSyncExternalStore } from 'react';

const QUERY = '(max-width: 767.98px)';

/** True on phone-sized screens (< 768 px), where the menu lives in a drawer. */
export function useIsMobile(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mq = window.matchMedia(QUERY);
      mq.addEventListener('change', onChange);
      return () => mq.removeEventListener('change', onChange);
    },
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}
