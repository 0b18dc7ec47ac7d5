import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Radio, Select, Space, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type JurisdictionUnit, unitTree } from './open-case-model';

/** Where, about whom and about what: the facts `POST /cases` needs from the person opening the case. */
export function CaseFactsCard({
  units,
  unit,
  loading,
}: {
  units: readonly JurisdictionUnit[];
  unit: JurisdictionUnit | undefined;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const tree = useMemo(() => unitTree(units), [units]);
  const required = (key: string) => [{ required: true, message: t(key) }];
  return (
    <Card title={t('openCase.facts')}>
      <Form.Item name="unitId" label={t('openCase.field.unit')} rules={required('openCase.required.unit')}>
        <TreeSelect
          treeData={tree}
          treeDefaultExpandAll
          loading={loading}
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('openCase.placeholder.unit')}
        />
      </Form.Item>
      <Form.Item name="kind" label={t('openCase.field.kind')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'violation', label: t('openCase.kind.violation') },
            { value: 'accountabilityOnly', label: t('openCase.kind.accountabilityOnly') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="subjectIds"
        label={t('openCase.field.subjects')}
        rules={required('openCase.required.subjects')}
        extra={unit && unit.members.length === 0 ? t('openCase.noMembers') : undefined}
      >
        <Select
          mode="multiple"
          disabled={!unit}
          placeholder={unit ? t('openCase.placeholder.subjects') : t('openCase.placeholder.unitFirst')}
          showSearch={{ optionFilterProp: 'label' }}
          options={(unit?.members ?? []).map((m) => ({ value: m.id, label: `${m.displayName} · ${m.post}` }))}
        />
      </Form.Item>
      <Form.Item name="domains" label={t('openCase.field.domains')} extra={t('openCase.help.domains')}>
        <Select mode="tags" placeholder={t('openCase.placeholder.domains')} />
      </Form.Item>
      <Form.Item label={t('openCase.field.periods')} required>
        <Form.List name="misconductIntervals">
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row, index) => (
                <Space key={row.key} align="start" wrap>
                  <Form.Item
                    name={[row.name, 'from']}
                    label={t('openCase.field.periodFrom', { n: index + 1 })}
                    rules={required('openCase.required.periodFrom')}
                  >
                    <DatePicker />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'to']}
                    label={t('openCase.field.periodTo', { n: index + 1 })}
                    rules={required('openCase.required.periodTo')}
                  >
                    <DatePicker />
                  </Form.Item>
                  {rows.length > 1 && (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('openCase.removePeriod', { n: index + 1 })}
                      onClick={() => remove(row.name)}
                      className="open-case-remove-period"
                    />
                  )}
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('openCase.addPeriod')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="leadReceivedOn" label={t('procedure.leadReceivedOn')} extra={t('procedure.leadReceivedOnHelp')}>
        <DatePicker />
      </Form.Item>
      <Form.Item
        name="complainantRef"
        label={t('openCase.field.complainantRef')}
        extra={t('openCase.help.complainantRef')}
      >
        <Input maxLength={43} placeholder="c-2026-0042" />
      </Form.Item>
    </Card>
  );
}
