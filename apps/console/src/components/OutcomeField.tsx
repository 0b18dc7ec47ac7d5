import { Form, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { label } from './labels';

/** More outcomes than fit as buttons on one line or two. */
const MAX_OUTCOME_BUTTONS = 12;

/**
 * The task's allowed outcomes as buttons (`outcome` of the form); one must be chosen. The sanction vote offers
 * every sanction and every party + government pair (issue 12 §1): those come as a searchable list.
 */
export function OutcomeField({ outcomes }: { outcomes: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="outcome"
      label={t('decision.outcome')}
      rules={[{ required: true, message: t('decision.outcomeRequired') }]}
    >
      {outcomes.length > MAX_OUTCOME_BUTTONS ? (
        <Select
          showSearch
          optionFilterProp="label"
          aria-label={t('decision.outcome')}
          options={outcomes.map((o) => ({ value: o, label: label(t, 'outcome', o) }))}
        />
      ) : (
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={outcomes.map((o) => ({ value: o, label: label(t, 'outcome', o) }))}
        />
      )}
    </Form.Item>
  );
}
