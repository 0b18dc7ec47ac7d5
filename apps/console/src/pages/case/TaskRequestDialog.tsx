import { Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { label } from '../../components/labels';

export type TaskRequestKind = 'extension' | 'suspension';

export interface RequestableTask {
  taskId: string;
  stage: string;
  kind: string;
}

/**
 * Asks for more time (延期) or to stop the stage clock (中止计时) with a reason; both open an approval task
 * one level up. A refusal keeps the dialog open with the reason typed.
 */
export function TaskRequestDialog({
  task,
  kind,
  onClose,
  onDone,
}: {
  task: RequestableTask;
  kind: TaskRequestKind;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async ({ reason }: { reason: string }) => {
    setSubmitting(true);
    setError(null);
    const params = { path: { id: task.taskId }, header: { 'Idempotency-Key': newIdempotencyKey() } };
    try {
      await call(
        kind === 'extension'
          ? api.POST('/tasks/{id}/extension-requests', { params, body: { reason } })
          : api.POST('/tasks/{id}/suspension', { params, body: { reason } }),
      );
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  };

  const taskName = `${label(t, 'stage', task.stage)} · ${label(t, 'taskKind', task.kind)}`;
  return (
    <Modal open title={t(`caseDetail.request.${kind}.title`, { task: taskName })} onCancel={onClose} footer={null}>
      <Typography.Paragraph type="secondary">{t(`caseDetail.request.${kind}.hint`)}</Typography.Paragraph>
      <Form<{ reason: string }> layout="vertical" onFinish={(v) => void submit(v)} name={`request-${kind}`}>
        <Form.Item
          name="reason"
          label={t('caseDetail.request.reason')}
          rules={[{ required: true, whitespace: true, message: t('caseDetail.request.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        {error !== null && (
          <Form.Item>
            <ProblemAlert error={error} title={t('decision.refused')} />
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={submitting}>
            {t('common.submit')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
