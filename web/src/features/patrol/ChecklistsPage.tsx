// Patrol checklist templates (四必看, 五必问, 五必…) as data: one item per line; county-wide ones are the
// administrator's, a village or town edits its own and may add new ones.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Input, Switch, Tag, Typography } from 'antd';
import { api, errorMessage, get } from '../../api';
import { useI18n } from '../../i18n';

interface Checklist {
  id: number;
  code: string;
  name: string;
  items: { key: string; text: string }[];
  regionPath: string | null;
  active: boolean;
  version: number;
  editable: boolean;
}

function ChecklistCard({ c, onSaved }: { c: Checklist; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [name, setName] = useState(c.name);
  const [lines, setLines] = useState(c.items.map((i) => i.text).join('\n'));
  const [active, setActive] = useState(c.active);
  async function save() {
    const texts = lines.split('\n').map((s) => s.trim()).filter(Boolean);
    // keep each unchanged line's key, so earlier answers still point at the same item
    const items = texts.map((text) => ({ text, key: c.items.find((i) => i.text === text)?.key }));
    try {
      await api(`/api/patrol-checklists/${c.id}`, { method: 'PUT', body: { name, items, active, version: c.version } });
      message.success(t('patrol.checklists.saved'));
      onSaved();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <Card size="small" title={<Flex gap={8} align="center">{c.name}<Tag>{c.regionPath ? t('patrol.checklists.local') : t('patrol.checklists.county')}</Tag></Flex>}>
      {c.editable ? (
        <Flex vertical gap={8}>
          <Input value={name} onChange={(e) => setName(e.target.value)} aria-label={t('patrol.checklists.name')} />
          <Input.TextArea rows={Math.max(4, c.items.length + 1)} value={lines} onChange={(e) => setLines(e.target.value)} aria-label={t('patrol.checklists.items')} />
          <Flex justify="space-between" align="center">
            <Switch checked={active} onChange={setActive} checkedChildren={t('patrol.checklists.active')} unCheckedChildren={t('patrol.checklists.inactive')} />
            <Button type="primary" onClick={() => void save()}>{t('patrol.checklists.save')}</Button>
          </Flex>
        </Flex>
      ) : (
        <ol className="fq-checklist">{c.items.map((i) => <li key={i.key}>{i.text}</li>)}</ol>
      )}
    </Card>
  );
}

export default function ChecklistsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [list, setList] = useState<Checklist[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [newLines, setNewLines] = useState('');
  const load = () => get<{ items: Checklist[] }>('/api/patrol-checklists?all=true').then((r) => setList(r.items), (e) => setError(errorMessage(e)));
  useEffect(() => void load(), []);
  async function add() {
    try {
      await api('/api/patrol-checklists', { method: 'POST', body: { name: newName, items: newLines.split('\n').map((s) => s.trim()).filter(Boolean).map((text) => ({ text })) } });
      setNewName('');
      setNewLines('');
      void load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <Card className="fq-page-card" title={t('patrol.checklists.title')}>
      {error && <Alert type="error" showIcon title={error} />}
      <Flex vertical gap={12}>
        {list?.map((c) => <ChecklistCard key={`${c.id}-${c.version}`} c={c} onSaved={() => void load()} />)}
        <Card size="small" title={t('patrol.checklists.new')}>
          <Flex vertical gap={8}>
            <Input value={newName} onChange={(e) => setNewName(e.target.value)} placeholder={t('patrol.checklists.name')} />
            <Input.TextArea rows={4} value={newLines} onChange={(e) => setNewLines(e.target.value)} placeholder={t('patrol.checklists.items')} />
            <Typography.Text type="secondary">{t('patrol.checklists.hint')}</Typography.Text>
            <Button onClick={() => void add()} disabled={!newName.trim() || !newLines.trim()}>{t('patrol.checklists.add')}</Button>
          </Flex>
        </Card>
      </Flex>
    </Card>
  );
}
