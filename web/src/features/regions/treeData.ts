// Pure helpers for the lazily loaded region tree (kept apart from the component so they stay testable).
import type { TreeNode } from './api';

/** Codes whose children are known after a fetch `depth` levels deep from these nodes. */
export function loadedCodes(nodes: TreeNode[], depth: number, into = new Set<string>()): Set<string> {
  if (depth <= 0) return into;
  for (const n of nodes) {
    into.add(n.code);
    loadedCodes(n.children, depth - 1, into);
  }
  return into;
}

export function replaceChildren(nodes: TreeNode[], code: string, children: TreeNode[]): TreeNode[] {
  return nodes.map((n) =>
    n.code === code ? { ...n, children } : n.children.length ? { ...n, children: replaceChildren(n.children, code, children) } : n,
  );
}

export function findNode(nodes: TreeNode[], pred: (n: TreeNode) => boolean): TreeNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const hit = findNode(n.children, pred);
    if (hit) return hit;
  }
  return undefined;
}

/** Nodes matching `q` (name or code) with their ancestors; `expand` lists the ancestors to open. */
export function filterTree(nodes: TreeNode[], q: string): { nodes: TreeNode[]; expand: string[]; matches: number } {
  const needle = q.trim().toLowerCase();
  const expand: string[] = [];
  let matches = 0;
  const walk = (list: TreeNode[]): TreeNode[] => {
    const out: TreeNode[] = [];
    for (const n of list) {
      const self = n.name.toLowerCase().includes(needle) || n.code.includes(needle);
      const kids = walk(n.children);
      if (self) matches++;
      if (kids.length) expand.push(n.code);
      if (self || kids.length) out.push({ ...n, children: self && !kids.length ? n.children : kids });
    }
    return out;
  };
  return { nodes: walk(nodes), expand, matches };
}
