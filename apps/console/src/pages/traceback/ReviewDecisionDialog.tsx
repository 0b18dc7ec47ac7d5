import { Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, newIdempotencyKey, type Schemas } from '../../api/client';
import { BasisFields } from '../../components/BasisFields';
import { DialogFooter } from '../../components/DialogFooter';
import { OutcomeField } from '../../components/OutcomeField';
import { basisOf, useSubmission } from '../../components/submission';
import { label } from '../../components/labels';
import type { ReviewTask } from './model';

/** Outcomes that carry forms and modifiers (libs/domain review stages), sent to the accountability-decision route. */
const MEASURES_OUTCOMES = ['PROPOSED', 'AMENDED'];
type AccountabilityForm = Schemas['AccountabilityDecisionDto']['measures']['forms'][number];
const PERSON_FORMS: AccountabilityForm[] = ['CIRCULATE', 'ADMONISH', 'ORG_ADJUSTMENT', 'DISC_SANCTION'];
const ORGANIZATION_FORMS: AccountabilityForm[] = ['INSPECTION', 'CIRCULATE', 'REORGANIZE'];
const ORG_ADJUSTMENT_OPTIONS = ['SUSPEND_FOR_INSPECTION', 'REASSIGN', 'ORDER_TO_RESIGN', 'DEMOTE', 'REMOVE'] as const;
const MODIFIER_KINDS = ['EXEMPT', 'LIGHTER', 'HEAVIER'] as const;
const EXEMPTION_GROUNDS = [
  'REFORM_OR_UNINTENTIONAL',
  'DISSENT_RECORDED',
  'FORCE_MAJEURE',
  'OBJECTED_TO_ORDER',
] as const;

interface ReviewForm {
  outcome: string;
  forms?: AccountabilityForm[];
  orgAdjustmentOption?: (typeof ORG_ADJUSTMENT_OPTIONS)[number];
  modifiers?: { kind: (typeof MODIFIER_KINDS)[number]; ground?: (typeof EXEMPTION_GROUNDS)[number]; text?: string }[];
  basis?: { regulation: string; revision?: string; article: string }[];
  comment?: string;
  reason?: string;
}

/**
 * The page shows the workflow's live tasks, the task routes look them up in the read model a moment later:
 * a decision sent in that moment is retried briefly instead of refused.
 */
async function untilProjected<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (caught) {
      const missing = caught instanceof ApiError && caught.problem?.code === 'TASK_NOT_FOUND';
      if (!missing || attempt >= 5) throw caught;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/**
 * A trace-back or review task: only the allowed outcomes; a proposal (or an amendment) also carries the
 * accountability forms and modifiers (DOMAIN §4), every decision basis articles and a comment.
 */
export function ReviewDecisionDialog({
  task,
  target,
  subject,
  onClose,
  onDecided,
}: {
  task: ReviewTask;
  target: 'person' | 'organization';
  /** Whose review it is, by name and post. */
  subject: string | null;
  onClose: () => void;
  onDecided: (outcome: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReviewForm>();
  const outcome = Form.useWatch('outcome', form);
  const forms = Form.useWatch('forms', form);
  const { submitting, error, run } = useSubmission();
  const withMeasures = MEASURES_OUTCOMES.includes(outcome ?? '');

  const submit = async (values: ReviewForm) => {
    await run(async () => {
      const key = newIdempotencyKey();
      const params = { path: { id: task.taskId }, header: { 'Idempotency-Key': key } };
      const basis = basisOf(values.basis);
      const common = { taskVersion: task.version, outcome: values.outcome, comment: values.comment ?? '', basis };
      await untilProjected(() =>
        withMeasures
          ? call(
              api.POST('/tasks/{id}/accountability-decision', {
                params,
                body: {
                  ...common,
                  measures: {
                    forms: values.forms ?? [],
                    ...(values.orgAdjustmentOption ? { orgAdjustmentOption: values.orgAdjustmentOption } : {}),
                    modifiers: (values.modifiers ?? []).map((m) => ({
                      kind: m.kind,
                      ...(m.ground ? { ground: m.ground } : {}),
                      text: m.text ?? '',
                    })),
                  },
                },
              }),
            )
          : call(
              api.POST('/tasks/{id}/decision', {
                params,
                body: { ...common, ...(values.reason ? { reason: values.reason } : {}) },
              }),
            ),
      );
      onDecided(values.outcome);
    });
  };

  const taskName = `${label(t, 'stage', task.stage)} · ${label(t, 'taskKind', task.kind)}`;
  return (
    <Modal
      open
      width={760}
      title={t('decision.title', { task: subject ? `${subject} · ${taskName}` : taskName })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Form<ReviewForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} name="review-decision">
        <OutcomeField outcomes={task.allowedOutcomes} />
        {withMeasures && (
          <>
            <Form.Item
              name="forms"
              label={t('traceBack.measures.forms')}
              // A validator, not `required`: antd would put aria-required on the group, which ARIA does not allow there.
              rules={[
                {
                  validator: (_, value?: AccountabilityForm[]) =>
                    value?.length
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('traceBack.measures.formsRequired'))),
                },
              ]}
            >
              <Checkbox.Group
                role="group"
                aria-label={t('traceBack.measures.forms')}
                options={(target === 'person' ? PERSON_FORMS : ORGANIZATION_FORMS).map((f) => ({
                  value: f,
                  label: t(`traceBack.form.${f}`),
                }))}
              />
            </Form.Item>
            {forms?.includes('ORG_ADJUSTMENT') && (
              <Form.Item
                name="orgAdjustmentOption"
                label={t('traceBack.measures.orgAdjustment')}
                rules={[{ required: true, message: t('traceBack.measures.orgAdjustmentRequired') }]}
              >
                <Select
                  options={ORG_ADJUSTMENT_OPTIONS.map((o) => ({ value: o, label: t(`traceBack.orgAdjustment.${o}`) }))}
                />
              </Form.Item>
            )}
            <Form.List name="modifiers">
              {(fields, { add, remove }) => (
                <Form.Item label={t('traceBack.measures.modifiers')}>
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {fields.map((field) => (
                      <Space key={field.key} align="baseline" wrap>
                        <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]} noStyle>
                          <Select
                            aria-label={t('traceBack.measures.modifierKind')}
                            placeholder={t('traceBack.measures.modifierKind')}
                            style={{ width: 150 }}
                            options={MODIFIER_KINDS.map((k) => ({ value: k, label: t(`traceBack.modifier.${k}`) }))}
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'ground']} noStyle>
                          <Select
                            allowClear
                            aria-label={t('traceBack.measures.ground')}
                            placeholder={t('traceBack.measures.ground')}
                            style={{ width: 220 }}
                            options={EXEMPTION_GROUNDS.map((g) => ({ value: g, label: t(`traceBack.ground.${g}`) }))}
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'text']} noStyle>
                          <Input
                            aria-label={t('traceBack.measures.modifierText')}
                            placeholder={t('traceBack.measures.modifierText')}
                            style={{ width: 220 }}
                          />
                        </Form.Item>
                        <Button size="small" onClick={() => remove(field.name)}>
                          {t('decision.removeBasis')}
                        </Button>
                      </Space>
                    ))}
                    <Button type="dashed" onClick={() => add({})}>
                      {t('traceBack.measures.addModifier')}
                    </Button>
                  </Space>
                </Form.Item>
              )}
            </Form.List>
          </>
        )}
        <BasisFields />
        <Form.Item name="comment" label={t('decision.comment')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        {!withMeasures && (
          <Form.Item name="reason" label={t('decision.reason')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        )}
        <DialogFooter error={error} refusedTitle={t('decision.refused')} submitting={submitting} onCancel={onClose} />
      </Form>
    </Modal>
  );
}
