// The region tree: two levels at first, deeper levels fetched when a node opens; a search box filters
// what is loaded, and Enter on a code jumps to it (old codes resolve too).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Empty, Input, Spin, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { regionsApi, type TreeNode } from './api';
import { filterTree, findNode, loadedCodes, replaceChildren } from './treeData';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';

interface Props {
  selectedCode?: string;
  /** codes from the root down to the selected node's parent: opened (and loaded) automatically */
  expandPath: string[];
  reloadKey: number;
  onSelect: (code: string) => void;
  onLoaded?: (roots: TreeNode[]) => void;
  /** the subtree a search loads completely (the user's own region); everything when absent */
  searchRoot?: string | null;
}

export function RegionTree({ selectedCode, expandPath, reloadKey, onSelect, onLoaded, searchRoot }: Props) {
  const { t } = useI18n();
  const [nodes, setNodes] = useState<TreeNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [generation, setGeneration] = useState(0); // bumps when the roots are (re)loaded
  const nodesRef = useRef<TreeNode[]>([]);
  const loaded = useRef(new Set<string>());
  const boxRef = useRef<HTMLDivElement>(null);

  const put = (next: TreeNode[]) => {
    nodesRef.current = next;
    setNodes(next);
  };

  useEffect(() => {
    let live = true;
    setError(null);
    regionsApi.tree(undefined, 2).then(
      (roots) => {
        if (!live) return;
        loaded.current = loadedCodes(roots, 2);
        put(roots);
        setGeneration((g) => g + 1);
        // keep open only what the new tree knows; the path to the selection reopens below
        setExpanded((e) => {
          const kept = e.filter((c) => loaded.current.has(c));
          return kept.length ? kept : roots.map((r) => r.code);
        });
        onLoaded?.(roots);
      },
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reloadKey]);

  const loadChildren = useCallback(async (code: string) => {
    if (loaded.current.has(code)) return;
    const [sub] = await regionsApi.tree(code, 1);
    loaded.current.add(code);
    put(replaceChildren(nodesRef.current, code, sub?.children ?? []));
  }, []);

  // a search looks at loaded nodes: the first one loads the whole subtree it covers
  const deepLoaded = useRef<number | null>(null);
  useEffect(() => {
    if (!query.trim() || !generation || deepLoaded.current === generation) return;
    deepLoaded.current = generation;
    const root = searchRoot ?? undefined;
    regionsApi.tree(root, 6).then(
      (sub) => {
        if (root && (!sub[0] || !findNode(nodesRef.current, (n) => n.code === root))) {
          deepLoaded.current = null; // not in the tree yet: try again on the next keystroke
          return;
        }
        loadedCodes(sub, 7, loaded.current);
        put(root ? replaceChildren(nodesRef.current, root, sub[0].children) : sub);
      },
      () => undefined, // the search still covers what is loaded
    );
  }, [query, generation, searchRoot]);

  // open the path to the selected node, loading what is missing on the way
  const pathKey = expandPath.join('/');
  useEffect(() => {
    if (!generation || !pathKey) return;
    let live = true;
    (async () => {
      for (const code of expandPath) {
        try {
          await loadChildren(code);
        } catch {
          return;
        }
        if (!live) return;
      }
      setExpanded((e) => [...new Set([...e, ...expandPath])]);
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pathKey, generation]);

  useEffect(() => {
    const el = boxRef.current?.querySelector('.ant-tree-treenode-selected');
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedCode, expanded]);

  const filtered = useMemo(() => (query.trim() && nodes ? filterTree(nodes, query) : null), [nodes, query]);

  const toData = useCallback(
    (list: TreeNode[]): TreeDataNode[] =>
      list.map((n) => {
        const known = loaded.current.has(n.code) || n.children.length > 0;
        return {
          key: n.code,
          title: (
            <span className="fq-tree-title" data-code={n.code}>
              {n.name}
              <Typography.Text type="secondary" className="fq-tree-code">
                {n.code}
              </Typography.Text>
            </span>
          ),
          isLeaf: n.level === 'grid_micro' || (known && n.children.length === 0),
          children: known ? toData(n.children) : undefined,
        };
      }),
    [],
  );

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!nodes) return <Spin className="fq-tree-spin" />;

  const data = toData(filtered ? filtered.nodes : nodes);
  const onSearch = (v: string) => {
    const q = v.trim();
    if (/^\d{6,21}$/.test(q)) onSelect(q);
  };

  return (
    <div ref={boxRef} className="fq-tree">
      <Input.Search allowClear placeholder={t('regions.search')} value={query} onChange={(e) => setQuery(e.target.value)} onSearch={onSearch} className="fq-tree-search" />
      {data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Tree
          blockNode
          showLine
          treeData={data}
          selectedKeys={selectedCode ? [selectedCode] : []}
          expandedKeys={filtered ? [...new Set([...filtered.expand, ...expanded])] : expanded}
          onExpand={(keys) => setExpanded(keys.map(String))}
          loadData={(node) => loadChildren(String(node.key))}
          loadedKeys={[...loaded.current]}
          onSelect={(keys, info) => {
            const key = String(info.node.key);
            if (keys.length || key !== selectedCode) onSelect(key);
          }}
        />
      )}
    </div>
  );
}
