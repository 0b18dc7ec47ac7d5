import { Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useConsoleConfig } from '../components/config-context';
import { useDirectory } from '../components/directory';
import { label } from '../components/labels';

interface ReassignForm {
  newAssigneeId: string;
  reason: string;
}

export interface ReassignableTask {
  taskId: string;
  stage: string;
  assigneeId: string;
}

/** A supervisor moves a stuck task to someone else, with a reason for the audit trail. */
export function ReassignDialog({
  task,
  onClose,
  onDone,
}: {
  task: ReassignableTask;
  onClose: () => void;
  onDone: (newAssigneeId: string) => void;
}) {
  const { t } = useTranslation();
  const config = useConsoleConfig();
  const directory = useDirectory();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: ReassignForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await call(
        api.POST('/tasks/{id}/reassign', {
          params: { path: { id: task.taskId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: values,
        }),
      );
      onDone(values.newAssigneeId);
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal open title={t('reassign.title', { task: label(t, 'stage', task.stage) })} onCancel={onClose} footer={null}>
      <Form<ReassignForm> layout="vertical" onFinish={(v) => void submit(v)} name="reassign">
        <Form.Item label={t('reassign.current')}>
          {directory.personName(task.assigneeId)} {directory.personPost(task.assigneeId)}
        </Form.Item>
        <Form.Item
          name="newAssigneeId"
          label={t('reassign.newAssignee')}
          rules={[{ required: true, message: t('reassign.newAssigneeRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={config.devPeople
              .filter((p) => p.id !== task.assigneeId)
              .map((p) => ({ value: p.id, label: `${p.displayName} · ${p.posts.map((x) => x.title).join('、')}` }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('reassign.reason')}
          rules={[{ required: true, message: t('reassign.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        {error !== null && (
          <Form.Item>
            <ProblemAlert error={error} />
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
