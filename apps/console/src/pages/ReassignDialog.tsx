import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey, type Schemas } from '../api/client';
import { DialogFooter } from '../components/DialogFooter';
import { useSubmission } from '../components/submission';
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
  people,
  onClose,
  onDone,
}: {
  task: ReassignableTask;
  /** The `people` map of the response the task came from, when it carries one. */
  people?: Schemas['PeopleMap'];
  onClose: () => void;
  onDone: (newAssignee: { id: string; displayName: string }) => void;
}) {
  const { t } = useTranslation();
  const directory = useDirectory(people);
  const [candidates, setCandidates] = useState<Schemas['PersonSummary'][] | null>(null);
  const { submitting, error, setError, run } = useSubmission();

  // The staff of my jurisdictions from the API (GET /people), so production lists names as the local stack does.
  useEffect(() => {
    call(api.GET('/people', { params: { query: { limit: 200 } } })).then(
      (list) => setCandidates(list.items),
      (caught: unknown) => {
        setCandidates([]);
        setError(caught);
      },
    );
  }, []);

  const submit = async (values: ReassignForm) => {
    await run(async () => {
      await call(
        api.POST('/tasks/{id}/reassign', {
          params: { path: { id: task.taskId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: values,
        }),
      );
      const chosen = candidates?.find((p) => p.id === values.newAssigneeId);
      onDone({
        id: values.newAssigneeId,
        displayName: chosen?.displayName ?? directory.personName(values.newAssigneeId),
      });
    });
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
            loading={candidates === null}
            options={(candidates ?? [])
              .filter((p) => p.id !== task.assigneeId)
              .map((p) => ({
                value: p.id,
                label: `${p.displayName} · ${p.posts
                  .map((x) => x.title ?? x.bodyName)
                  .filter(Boolean)
                  .join('、')}`,
              }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('reassign.reason')}
          rules={[{ required: true, message: t('reassign.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <DialogFooter error={error} submitting={submitting} onCancel={onClose} />
      </Form>
    </Modal>
  );
}
