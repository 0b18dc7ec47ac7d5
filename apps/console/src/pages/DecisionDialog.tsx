import { Button, Form, Input, Modal, Radio, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey, type Schemas } from '../api/client';
import { BasisFields } from '../components/BasisFields';
import { ProblemAlert } from '../components/ProblemAlert';
import { label } from '../components/labels';

interface DecisionForm {
  outcome: string;
  comment?: string;
  reason?: string;
  basis?: { regulation: string; revision?: string; article: string }[];
}

export interface DecidableTask {
  taskId: string;
  caseId: string;
  stage: string;
  kind: string;
  version: number;
  allowedOutcomes: string[];
}

/**
 * Offers only the task's allowed outcomes and asks for basis and comment. A refusal keeps the dialog open
 * with everything typed, and says why.
 */
export function DecisionDialog({
  task,
  onClose,
  onDecided,
}: {
  task: DecidableTask;
  onClose: () => void;
  onDecided: (result: Schemas['DecisionResultDto']) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DecisionForm>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const taskName = `${label(t, 'stage', task.stage)} · ${label(t, 'taskKind', task.kind)}`;

  const submit = async (values: DecisionForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await call(
        api.POST('/tasks/{id}/decision', {
          params: { path: { id: task.taskId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: {
            taskVersion: task.version,
            outcome: values.outcome,
            comment: values.comment ?? '',
            ...(values.reason ? { reason: values.reason } : {}),
            basis: (values.basis ?? []).map((b) => ({
              regulation: b.regulation,
              article: b.article,
              ...(b.revision ? { revision: b.revision } : {}),
            })),
          },
        }),
      );
      onDecided(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('decision.title', { task: taskName })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Form<DecisionForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} name="decision">
        <Form.Item label={t('decision.case')}>
          <span className="case-ref">{task.caseId}</span>
        </Form.Item>
        <Form.Item
          name="outcome"
          label={t('decision.outcome')}
          rules={[{ required: true, message: t('decision.outcomeRequired') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={task.allowedOutcomes.map((o) => ({ value: o, label: label(t, 'outcome', o) }))}
          />
        </Form.Item>
        <BasisFields />
        <Form.Item name="comment" label={t('decision.comment')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="reason" label={t('decision.reason')}>
          <Input.TextArea rows={2} maxLength={4000} />
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
