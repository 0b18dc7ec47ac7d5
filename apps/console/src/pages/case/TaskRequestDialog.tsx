import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey } from '../../api/client';
import { DialogFooter } from '../../components/DialogFooter';
import { useSubmission } from '../../components/submission';
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
  const { submitting, error, run } = useSubmission();

  const submit = async ({ reason }: { reason: string }) => {
    await run(async () => {
      const params = { path: { id: task.taskId }, header: { 'Idempotency-Key': newIdempotencyKey() } };
      await call(
        kind === 'extension'
          ? api.POST('/tasks/{id}/extension-requests', { params, body: { reason } })
          : api.POST('/tasks/{id}/suspension', { params, body: { reason } }),
      );
      onDone();
    });
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
        <DialogFooter error={error} refusedTitle={t('decision.refused')} submitting={submitting} onCancel={onClose} />
      </Form>
    </Modal>
  );
}
