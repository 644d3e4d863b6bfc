// A region tree-select for filters and forms: the user's own subtree two levels deep at first, deeper
// levels when a node opens. A value that is not loaded yet (a deep grid) loads the path to it.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { TreeSelect, Typography } from 'antd';
import { regionsApi, type Level, type TreeNode } from './api';
import { findNode, loadedCodes, replaceChildren } from './treeData';
import { useI18n } from '../../i18n';

interface Props {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  /** the subtree to offer (the user's region); everything visible when absent */
  root?: string | null;
  /** levels that may be picked (others only open); all when absent */
  selectable?: (level: Level) => boolean;
  placeholder?: string;
  allowClear?: boolean;
  className?: string;
  id?: string;
  'data-testid'?: string;
}

interface Option {
  value: string;
  label: string;
  title: ReactNode;
  isLeaf: boolean;
  disabled?: boolean;
  children?: Option[];
}

export function RegionSelect({ value, onChange, root, selectable, placeholder, allowClear = true, className, id, ...rest }: Props) {
  const { t } = useI18n();
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const [version, setVersion] = useState(0);
  const nodesRef = useRef<TreeNode[]>([]);
  const loaded = useRef(new Set<string>());

  const put = (next: TreeNode[]) => {
    nodesRef.current = next;
    setNodes(next);
    setVersion((v) => v + 1);
  };

  useEffect(() => {
    let live = true;
    regionsApi.tree(root ?? undefined, 2).then(
      (roots) => {
        if (!live) return;
        loaded.current = loadedCodes(roots, 2);
        put(roots);
      },
      () => undefined, // the select stays empty; the page shows its own errors
    );
    return () => {
      live = false;
    };
  }, [root]);

  const loadChildren = useCallback(async (code: string) => {
    if (loaded.current.has(code)) return;
    const [sub] = await regionsApi.tree(code, 1);
    loaded.current.add(code);
    put(replaceChildren(nodesRef.current, code, sub?.children ?? []));
  }, []);

  // a value outside what is loaded: open the path down to it so it shows its name
  useEffect(() => {
    if (!value || !version || findNode(nodesRef.current, (n) => n.code === value)) return;
    let live = true;
    regionsApi.details(value).then(
      async (d) => {
        for (const a of d.ancestors) {
          if (!live) return;
          if (findNode(nodesRef.current, (n) => n.code === a.code)) await loadChildren(a.code).catch(() => undefined);
        }
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [value, version, loadChildren]);

  const toOptions = (list: TreeNode[]): Option[] =>
    list.map((n) => {
      const known = loaded.current.has(n.code) || n.children.length > 0;
      return {
        value: n.code,
        label: n.name,
        title: (
          <span className="fq-tree-title">
            {n.name}
            <Typography.Text type="secondary" className="fq-tree-code">
              {n.code}
            </Typography.Text>
          </span>
        ),
        isLeaf: n.level === 'grid_micro' || (known && n.children.length === 0),
        disabled: selectable ? !selectable(n.level) : undefined,
        children: known ? toOptions(n.children) : undefined,
      };
    });

  return (
    <TreeSelect
      key={nodes.length ? 'loaded' : 'empty'} // the top opens once the first levels arrive
      id={id}
      data-testid={rest['data-testid']}
      className={className}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v === undefined || v === null ? undefined : String(v))}
      treeData={toOptions(nodes)}
      loadData={(node) => loadChildren(String(node.value))}
      treeLoadedKeys={[...loaded.current]}
      treeNodeLabelProp="label"
      showSearch={{ treeNodeFilterProp: 'label' }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('region.select')}
      popupMatchSelectWidth={false}
      virtual={false} // a few dozen nodes per level; the virtual list warns when a search shrinks it
      treeDefaultExpandedKeys={nodes.map((n) => n.code)}
    />
  );
}
