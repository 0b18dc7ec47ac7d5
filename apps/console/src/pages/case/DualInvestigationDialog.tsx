import { Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey } from '../../api/client';
import { DialogFooter } from '../../components/DialogFooter';
import { useSubmission } from '../../components/submission';

interface DualForm {
  decision: 'TRIGGER' | 'DECLINE';
  reason: string;
}

/** The leader in charge starts the trace-back (一案双查) or declines it; both need a reason supervisors see. */
export function DualInvestigationDialog({
  caseId,
  reasons,
  onClose,
  onDone,
}: {
  caseId: string;
  reasons: string[];
  onClose: () => void;
  onDone: (decision: DualForm['decision']) => void;
}) {
  const { t } = useTranslation();
  const { submitting, error, run } = useSubmission();

  const submit = async (values: DualForm) => {
    await run(async () => {
      await call(
        api.POST('/cases/{id}/dual-investigation', {
          params: { path: { id: caseId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: values,
        }),
      );
      onDone(values.decision);
    });
  };

  return (
    <Modal open title={t('traceBack.trigger.title')} onCancel={onClose} footer={null}>
      <Form<DualForm> layout="vertical" onFinish={(v) => void submit(v)} name="dual-investigation">
        {reasons.length > 0 && <Form.Item label={t('case.dualReasons')}>{reasons.join('；')}</Form.Item>}
        <Form.Item
          name="decision"
          label={t('traceBack.trigger.decision')}
          rules={[{ required: true, message: t('traceBack.trigger.decisionRequired') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={(['TRIGGER', 'DECLINE'] as const).map((d) => ({ value: d, label: t(`traceBack.trigger.${d}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('traceBack.trigger.reason')}
          rules={[{ required: true, whitespace: true, message: t('traceBack.trigger.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <DialogFooter error={error} refusedTitle={t('decision.refused')} submitting={submitting} onCancel={onClose} />
      </Form>
    </Modal>
  );
}
