import { Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** The basis articles of a decision (`basis` of the form): regulation, revision and article, as many as needed. */
export function BasisFields() {
  const { t } = useTranslation();
  return (
    <Form.List name="basis">
      {(fields, { add, remove }) => (
        <Form.Item label={t('decision.basis')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" wrap>
                <Form.Item name={[field.name, 'regulation']} rules={[{ required: true }]} noStyle>
                  <Input
                    placeholder={t('decision.regulation')}
                    aria-label={t('decision.regulation')}
                    style={{ width: 300 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'revision']} noStyle>
                  <Input
                    placeholder={t('decision.revision')}
                    aria-label={t('decision.revision')}
                    style={{ width: 90 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'article']} rules={[{ required: true }]} noStyle>
                  <Input placeholder={t('decision.article')} aria-label={t('decision.article')} style={{ width: 90 }} />
                </Form.Item>
                <Button size="small" onClick={() => remove(field.name)}>
                  {t('decision.removeBasis')}
                </Button>
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ regulation: '', article: '' })}>
              {t('decision.addBasis')}
            </Button>
          </Space>
        </Form.Item>
      )}
    </Form.List>
  );
}
