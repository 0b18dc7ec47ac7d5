import { Button, Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { useDirectory } from '../../components/directory';
import { TaskConcerns } from '../../components/TaskConcerns';
import { formatDateTime, label, warningClass } from '../../components/labels';
import type { TaskRequestKind } from './TaskRequestDialog';

type OpenTask = Schemas['OpenTask'];

/** Approving someone's request is not a stage with a clock of its own to extend or stop. */
const APPROVAL_OF_REQUEST = ['extensionApproval', 'suspensionApproval'];

/**
 * What waits on the case: the assignee decides, asks for an extension or for the clock to stop; anyone else
 * may reassign (the gateway refuses all but supervisors, with a reason the dialog shows).
 */
export function OpenTasksCard({
  tasks,
  people,
  onDecide,
  onReassign,
  onRequest,
}: {
  tasks: OpenTask[];
  people: Schemas['CaseDetailDto']['people'];
  onDecide: (task: OpenTask) => void;
  onReassign: (task: OpenTask) => void;
  onRequest: (task: OpenTask, kind: TaskRequestKind) => void;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const directory = useDirectory(people);
  const stageName = (task: OpenTask) => label(t, 'stage', task.stage);
  return (
    <Card title={t('case.openTasks')} size="small">
      <Table<OpenTask>
        rowKey="taskId"
        size="small"
        pagination={false}
        dataSource={tasks}
        columns={[
          {
            title: t('myWork.status'),
            key: 'w',
            render: (_, task) => (
              <Space size={4}>
                <Tag className={warningClass(task.warningLevel)}>{label(t, 'warning', task.warningLevel)}</Tag>
                {task.suspended && <Tag className="state">{t('common.suspended')}</Tag>}
              </Space>
            ),
          },
          { title: t('myWork.stage'), key: 's', render: (_, task) => stageName(task) },
          {
            title: t('myWork.task'),
            key: 'k',
            render: (_, task) => (
              <Space orientation="vertical" size={2}>
                {label(t, 'taskKind', task.kind)}
                <TaskConcerns personId={task.concernsPersonId} directory={directory} />
              </Space>
            ),
          },
          {
            title: t('case.assignee'),
            key: 'a',
            render: (_, task) => (
              <span>
                {directory.personName(task.assigneeId)}
                <span className="timeline-meta"> {directory.personPost(task.assigneeId)}</span>
              </span>
            ),
          },
          { title: t('myWork.due'), key: 'd', render: (_, task) => formatDateTime(task.dueAt, i18n.language) },
          {
            title: '',
            key: 'decide',
            render: (_, task) =>
              task.assigneeId === session?.personId ? (
                <Space size={4} wrap>
                  <Button type="primary" size="small" onClick={() => onDecide(task)}>
                    {t('myWork.decide')}
                  </Button>
                  {!APPROVAL_OF_REQUEST.includes(task.kind) && (
                    <Button
                      size="small"
                      onClick={() => onRequest(task, 'extension')}
                      aria-label={`${t('caseDetail.request.extension.action')} ${stageName(task)}`}
                    >
                      {t('caseDetail.request.extension.action')}
                    </Button>
                  )}
                  {!task.suspended && !APPROVAL_OF_REQUEST.includes(task.kind) && (
                    <Button
                      size="small"
                      onClick={() => onRequest(task, 'suspension')}
                      aria-label={`${t('caseDetail.request.suspension.action')} ${stageName(task)}`}
                    >
                      {t('caseDetail.request.suspension.action')}
                    </Button>
                  )}
                </Space>
              ) : (
                <Button
                  size="small"
                  onClick={() => onReassign(task)}
                  aria-label={`${t('supervision.reassign')} ${stageName(task)}`}
                >
                  {t('supervision.reassign')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
