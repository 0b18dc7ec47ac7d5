import { Form, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { label } from './labels';

/** The task's allowed outcomes as buttons (`outcome` of the form); one must be chosen. */
export function OutcomeField({ outcomes }: { outcomes: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="outcome"
      label={t('decision.outcome')}
      rules={[{ required: true, message: t('decision.outcomeRequired') }]}
    >
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        options={outcomes.map((o) => ({ value: o, label: label(t, 'outcome', o) }))}
      />
    </Form.Item>
  );
}
