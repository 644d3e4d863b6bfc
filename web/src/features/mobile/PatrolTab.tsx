// 巡查: grid, checklist answers, notes, findings with a photo each and a "转为案件" switch — saved on the
// device first, then sent (now, or when the network returns).
import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Flex, Input, Select, Switch, Typography } from 'antd';
import { CameraOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { myPhone, setMyPhone, type MobileContext } from './device';
import { enqueue, newId } from './outbox';

interface Finding {
  description: string;
  photo?: File;
  toCase: boolean;
}

export function PatrolTab({ context, onSaved }: { context: MobileContext; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [gridCode, setGridCode] = useState(context.grids[0]?.code);
  const [checklistId, setChecklistId] = useState(context.checklists[0]?.id);
  const [problems, setProblems] = useState<Record<string, boolean>>({});
  const [notes, setNotes] = useState('');
  const [findings, setFindings] = useState<Finding[]>([]);
  const [phone, setPhone] = useState(myPhone());
  const started = useRef(new Date().toISOString());
  const route = useRef<{ lat: number; lng: number; at: string }[]>([]);

  useEffect(() => {
    if (!('geolocation' in navigator)) return;
    const id = navigator.geolocation.watchPosition(
      (p) => route.current.push({ lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)), at: new Date().toISOString() }),
      () => {},
      { enableHighAccuracy: true, maximumAge: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, []);

  const checklist = context.checklists.find((c) => c.id === checklistId);
  const setFinding = (i: number, f: Partial<Finding>) => setFindings((l) => l.map((x, j) => (j === i ? { ...x, ...f } : x)));
  const wantsCase = findings.some((f) => f.toCase);

  async function save() {
    if (!gridCode) return;
    const fs = findings.filter((f) => f.description.trim().length >= 2);
    if (wantsCase && !/^1[3-9]\d{9}$/.test(phone)) {
      message.error(t('mobile.phone.needed'));
      return;
    }
    if (phone) setMyPhone(phone);
    const last = route.current[route.current.length - 1];
    await enqueue({
      id: newId(),
      kind: 'patrol',
      createdAt: new Date().toISOString(),
      title: `${context.grids.find((g) => g.code === gridCode)?.name ?? gridCode} ${t('mobile.patrol')}`,
      body: {
        gridCode,
        startedAt: started.current,
        endedAt: new Date().toISOString(),
        route: route.current.slice(-2000),
        answers: Object.fromEntries((checklist?.items ?? []).map((i) => [i.key, { ok: !problems[i.key] }])),
        notes: notes.trim() || undefined,
        findings: fs.map((f) => ({ description: f.description.trim(), ...(last ? { lat: last.lat, lng: last.lng } : {}) })),
      },
      photos: fs.flatMap((f, i) => (f.photo ? [{ finding: i, name: f.photo.name, blob: f.photo }] : [])),
      cases: fs.flatMap((f, i) => (f.toCase ? [{ finding: i, applicantPhone: phone }] : [])),
      done: { photos: 0, cases: 0, caseNumbers: [] },
    });
    message.success(navigator.onLine ? t('mobile.saved.sending') : t('mobile.saved.offline'));
    setFindings([]);
    setNotes('');
    setProblems({});
    started.current = new Date().toISOString();
    route.current = [];
    onSaved();
  }

  return (
    <Flex vertical gap={12}>
      <Select size="large" value={gridCode} onChange={setGridCode} options={context.grids.map((g) => ({ value: g.code, label: g.name }))} aria-label={t('mobile.grid')} data-testid="patrol-grid" />
      <Select size="large" value={checklistId} onChange={setChecklistId} options={context.checklists.map((c) => ({ value: c.id, label: c.name }))} aria-label={t('mobile.checklist')} />
      <Card size="small" title={checklist?.name}>
        <Flex vertical gap={10}>
          {checklist?.items.map((i) => (
            <Flex key={i.key} justify="space-between" align="center" gap={8}>
              <Typography.Text>{i.text}</Typography.Text>
              <Switch checked={!problems[i.key]} onChange={(ok) => setProblems((p) => ({ ...p, [i.key]: !ok }))} checkedChildren={t('mobile.ok')} unCheckedChildren={t('mobile.problem')} aria-label={i.text} />
            </Flex>
          ))}
        </Flex>
      </Card>
      <Input.TextArea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} placeholder={t('mobile.notes')} aria-label={t('mobile.notes')} />
      {findings.map((f, i) => (
        <Card key={i} size="small" title={`${t('mobile.finding')} ${i + 1}`}>
          <Flex vertical gap={8}>
            <Input.TextArea rows={2} value={f.description} onChange={(e) => setFinding(i, { description: e.target.value })} placeholder={t('mobile.finding.placeholder')} aria-label={t('mobile.finding.description')} />
            <label className="fq-m-photo">
              <CameraOutlined /> {f.photo ? f.photo.name : t('mobile.photo')}
              <input type="file" accept="image/*" capture="environment" hidden data-testid={`finding-photo-${i}`} onChange={(e) => setFinding(i, { photo: e.target.files?.[0] })} />
            </label>
            <Flex justify="space-between" align="center">
              <Typography.Text strong>{t('mobile.toCase')}</Typography.Text>
              <Switch checked={f.toCase} onChange={(v) => setFinding(i, { toCase: v })} aria-label={t('mobile.toCase')} />
            </Flex>
          </Flex>
        </Card>
      ))}
      <Button size="large" icon={<PlusOutlined />} onClick={() => setFindings((l) => [...l, { description: '', toCase: false }])}>
        {t('mobile.finding.add')}
      </Button>
      {wantsCase && <Input size="large" value={phone} onChange={(e) => setPhone(e.target.value.trim())} placeholder={t('mobile.phone')} aria-label={t('mobile.phone')} inputMode="tel" />}
      <Button type="primary" size="large" block onClick={() => void save()} disabled={!gridCode}>
        {t('mobile.patrol.save')}
      </Button>
    </Flex>
  );
}
