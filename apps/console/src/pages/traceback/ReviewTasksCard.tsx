import { Button, Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { useDirectory } from '../../components/directory';
import { formatDateTime, label } from '../../components/labels';
import type { AccountabilityView, CandidateNames, ReviewTask } from './model';

/**
 * The open tasks of the trace-back and of every review, each named by the candidate it concerns. A
 * collective decision lists one assignee but every member of the body votes, so anyone may open it; the
 * gateway refuses a non-voter with its reason.
 */
export function ReviewTasksCard({
  view,
  names,
  onDecide,
}: {
  view: AccountabilityView;
  names: CandidateNames;
  onDecide: (task: ReviewTask) => void;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const directory = useDirectory(view.people);
  const subjectOf = (task: ReviewTask) => names.candidateOfTask(task) ?? t('case.traceBack');
  return (
    <Card title={t('traceBack.tasks.title')} size="small" className="review-tasks">
      <Table<ReviewTask>
        rowKey="taskId"
        size="small"
        pagination={false}
        dataSource={view.openTasks}
        locale={{ emptyText: t('traceBack.tasks.empty') }}
        columns={[
          { title: t('traceBack.tasks.subject'), key: 'c', render: (_, task) => subjectOf(task) },
          { title: t('myWork.stage'), key: 's', render: (_, task) => label(t, 'stage', task.stage) },
          { title: t('myWork.task'), key: 'k', render: (_, task) => label(t, 'taskKind', task.kind) },
          {
            title: t('case.assignee'),
            key: 'a',
            render: (_, task) =>
              task.assigneeId && (
                <span>
                  {directory.personName(task.assigneeId)}
                  <span className="timeline-meta"> {directory.personPost(task.assigneeId)}</span>
                </span>
              ),
          },
          {
            title: t('myWork.due'),
            key: 'd',
            render: (_, task) =>
              typeof task.dueAt === 'string' ? formatDateTime(task.dueAt, i18n.language) : t('common.none'),
          },
          {
            title: '',
            key: 'decide',
            render: (_, task) => {
              const vote = task.kind === 'collectiveDecision';
              if (!vote && task.assigneeId !== session?.personId) return null;
              const action = vote ? t('traceBack.tasks.vote') : t('myWork.decide');
              return (
                <Button
                  type="primary"
                  size="small"
                  onClick={() => onDecide(task)}
                  aria-label={`${action} ${subjectOf(task)} ${label(t, 'stage', task.stage)}`}
                >
                  {action}
                </Button>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
