import { Button, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './ProblemAlert';

/**
 * The end of every form in a dialog: what the server refused, if anything, then submit and cancel. Without
 * `onSubmit` the button submits the form (and its validation runs first).
 */
export function DialogFooter({
  error,
  refusedTitle,
  submitting,
  onCancel,
  onSubmit,
}: {
  error: unknown;
  refusedTitle?: string;
  submitting: boolean;
  onCancel: () => void;
  onSubmit?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error !== null && (
        <Form.Item>
          <ProblemAlert error={error} title={refusedTitle} />
        </Form.Item>
      )}
      <Space>
        <Button type="primary" htmlType={onSubmit ? 'button' : 'submit'} loading={submitting} onClick={onSubmit}>
          {t('common.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </>
  );
}
