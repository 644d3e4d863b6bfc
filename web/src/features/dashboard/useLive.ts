// The live stream (GET /api/live/events, server-sent events): the browser reconnects by itself.
import { useEffect, useRef, useState } from 'react';

export interface LiveCase {
  id: number;
  caseNumber: string;
  title: string;
  action: string;
  actionName: string;
  status: string;
  statusName: string;
  categoryName: string;
  placePath: string;
  at: string;
}
export interface LiveWarning {
  id: number;
  title: string;
  severity: 'yellow' | 'red';
  regionPath: string;
  at: string;
}

export function useLive(onCase: (c: LiveCase) => void, onWarning: (w: LiveWarning) => void) {
  const [connected, setConnected] = useState(false);
  const handlers = useRef({ onCase, onWarning });
  handlers.current = { onCase, onWarning };
  useEffect(() => {
    const es = new EventSource('/api/live/events');
    es.addEventListener('hello', () => setConnected(true));
    es.addEventListener('case', (e) => handlers.current.onCase(JSON.parse((e as MessageEvent).data)));
    es.addEventListener('warning', (e) => handlers.current.onWarning(JSON.parse((e as MessageEvent).data)));
    es.onerror = () => setConnected(false);
    return () => es.close();
  }, []);
  return connected;
}
