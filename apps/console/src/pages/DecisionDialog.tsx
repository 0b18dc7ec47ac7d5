import { App as AntApp, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey, type Schemas } from '../api/client';
import { BasisFields } from '../components/BasisFields';
import { DialogFooter } from '../components/DialogFooter';
import { OutcomeField } from '../components/OutcomeField';
import { TEAM_OUTCOMES, TeamField } from '../components/TeamField';
import { basisOf, isAccepted, useSubmission } from '../components/submission';
import { label } from '../components/labels';

interface DecisionForm {
  outcome: string;
  comment?: string;
  reason?: string;
  /** YYYY-MM-DD, only when the decision was taken on an earlier day. */
  decidedOn?: string;
  basis?: { regulation: string; revision?: string; article: string }[];
  /** The team of the stage the proposal opens, when it opens preliminary verification or investigation. */
  teamIds?: string[];
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
  const { submitting, error, run } = useSubmission();
  const { message } = AntApp.useApp();
  const taskName = `${label(t, 'stage', task.stage)} · ${label(t, 'taskKind', task.kind)}`;
  const outcome = Form.useWatch('outcome', form);
  const namesTeam = task.kind === 'decision' && TEAM_OUTCOMES.includes(outcome ?? '');

  const submit = async (values: DecisionForm) => {
    await run(async () => {
      const result = await call(
        api.POST('/tasks/{id}/decision', {
          params: { path: { id: task.taskId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: {
            taskVersion: task.version,
            outcome: values.outcome,
            comment: values.comment ?? '',
            ...(values.reason ? { reason: values.reason } : {}),
            ...(values.decidedOn ? { decidedOn: values.decidedOn } : {}),
            ...(namesTeam && values.teamIds ? { teamIds: values.teamIds } : {}),
            basis: basisOf(values.basis),
          },
        }),
      );
      if (isAccepted(result)) {
        void message.info(t('decision.accepted'));
        onClose();
      } else onDecided(result);
    });
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
        <OutcomeField outcomes={task.allowedOutcomes} />
        {namesTeam && <TeamField />}
        <BasisFields />
        <Form.Item name="comment" label={t('decision.comment')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="reason" label={t('decision.reason')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="decidedOn" label={t('procedure.decidedOn')} extra={t('procedure.decidedOnHelp')}>
          <Input type="date" style={{ width: 200 }} />
        </Form.Item>
        <DialogFooter error={error} refusedTitle={t('decision.refused')} submitting={submitting} onCancel={onClose} />
      </Form>
    </Modal>
  );
}
