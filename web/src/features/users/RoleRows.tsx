// Role assignment rows inside a form (field "roles"): a role, then the region or unit its scope needs.
import { useEffect, useState } from 'react';
import { Button, Form, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { grantableRoles, roleName, SCOPE_KIND, type Role } from '../auth/roles';
import { RegionSelect } from '../regions/RegionSelect';
import { usersApi, type Unit } from './api';

/** Units in the administrator's region, loaded once (only sys_admin grants unit-scoped roles). */
function useUnits(enabled: boolean) {
  const user = useUser();
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    if (!enabled) return;
    usersApi.units(user.regionCode).then(setUnits, () => setUnits([]));
  }, [enabled, user.regionCode]);
  return units;
}

export function RoleRows() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const roles = grantableRoles(can);
  const units = useUnits(roles.some((r) => SCOPE_KIND[r] === 'unit'));
  const required = [{ required: true, message: t('form.required') }];
  const unitOptions = units.map((u) => ({ value: u.id, label: `${u.name}（${u.regionName}）` }));

  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <div className="fq-role-rows" data-testid="role-rows">
          {fields.length === 0 && (
            <Typography.Text type="secondary" className="fq-role-rows-empty">
              {t('users.roles.none')}
            </Typography.Text>
          )}
          {fields.map((f) => (
            <div key={f.key} className="fq-role-row">
              <Form.Item name={[f.name, 'role']} rules={required} className="fq-role-row-role">
                <Select
                  placeholder={t('users.role')}
                  options={roles.map((r) => ({ value: r, label: roleName(r, lang) }))}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid={`role-select-${f.name}`}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.roles?.[f.name]?.role !== b.roles?.[f.name]?.role}>
                {({ getFieldValue }) => {
                  const role = getFieldValue(['roles', f.name, 'role']) as Role | undefined;
                  if (!role) return <div className="fq-role-row-scope" />;
                  return SCOPE_KIND[role] === 'unit' ? (
                    <Form.Item name={[f.name, 'unitId']} rules={required} className="fq-role-row-scope">
                      <Select placeholder={t('users.unit')} options={unitOptions} showSearch={{ optionFilterProp: 'label' }} data-testid={`unit-select-${f.name}`} />
                    </Form.Item>
                  ) : (
                    <Form.Item
                      name={[f.name, 'regionCode']}
                      rules={required}
                      className="fq-role-row-scope"
                      initialValue={user.regionCode ?? undefined}
                      tooltip={SCOPE_KIND[role] === 'grids' ? t('users.scope.grids') : undefined}
                    >
                      <RegionSelect root={user.regionCode} allowClear={false} placeholder={SCOPE_KIND[role] === 'grids' ? t('users.scope.grids') : t('users.region')} />
                    </Form.Item>
                  );
                }}
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('users.roles.remove')} />
            </div>
          ))}
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-role">
              {t('users.roles.add')}
            </Button>
          </Space>
        </div>
      )}
    </Form.List>
  );
}
