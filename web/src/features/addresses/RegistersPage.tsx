// 一标三实 (register.read): standard addresses, housing, units and the counts per region, in tabs. Lists are scoped and
// masked by the server; register.write adds records; each row shows its change history; lists export to Excel.
import { useState } from 'react';
import { Card, Tabs } from 'antd';
import { useI18n } from '../../i18n';
import { AddressesTab } from './AddressesTab';
import { HousingTab } from './HousingTab';
import { EstablishmentsTab } from './EstablishmentsTab';
import { StatsTab } from './StatsTab';

export default function RegistersPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('addresses');
  return (
    <Card title={t('menu.registers')} className="fq-page-card" size="small">
      <Tabs activeKey={tab} onChange={setTab} destroyOnHidden items={[
        { key: 'addresses', label: t('reg.tab.addresses'), children: <AddressesTab /> },
        { key: 'housing', label: t('reg.tab.housing'), children: <HousingTab /> },
        { key: 'establishments', label: t('reg.tab.establishments'), children: <EstablishmentsTab /> },
        { key: 'stats', label: t('reg.tab.stats'), children: <StatsTab /> },
      ]} />
    </Card>
  );
}
