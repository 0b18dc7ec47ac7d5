import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { useConsoleConfig } from '../components/config-context';
import { useDirectory } from '../components/directory';
import { formatDateTime, label, warningClass } from '../components/labels';
import { DecisionDialog, type DecidableTask } from './DecisionDialog';
import { ReassignDialog, type ReassignableTask } from './ReassignDialog';

type CaseDetail = Schemas['CaseDetailDto'];
type TimelineEntry = Schemas['TimelineEntry'];
type OpenTask = Schemas['OpenTask'];

function ChildCard({ detail, role }: { detail: CaseDetail; role: 'violation' | 'traceBack' }) {
  const { t, i18n } = useTranslation();
  const child = detail.children.find((c) => c.role === role);
  const entries = (detail.timeline ?? []).filter((e) => (role === 'violation' ? !isTraceBack(e) : isTraceBack(e)));
  return (
    <Card title={t(`case.${role}`)} size="small" className="child-card">
      {child ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Tag className={child.status === 'RUNNING' ? 'state state-green' : 'state state-done'}>
              {t(`case.childStatus.${child.status}`)}
            </Tag>
            {child.stage && <span>{label(t, 'stage', child.stage)}</span>}
            {child.overdue && <Tag className="state state-overdue">{t('case.overdue')}</Tag>}
            {child.deadlineAt && (
              <span>
                {t('case.deadline')}: {formatDateTime(child.deadlineAt, i18n.language)}
              </span>
            )}
          </Space>
          <StageTimeline entries={entries} people={detail.people} />
        </Space>
      ) : role === 'violation' ? (
        <StageTimeline entries={entries} people={detail.people} />
      ) : (
        <Typography.Text>{t('case.noChild')}</Typography.Text>
      )}
    </Card>
  );
}

/** Timeline stages are `<side>:<stage>` (`violation:intake`); entries of the parent case have no side. */
function sideAndStage(entry: TimelineEntry): [string, string] {
  const at = entry.stage.indexOf(':');
  return at < 0 ? ['case', entry.stage] : [entry.stage.slice(0, at), entry.stage.slice(at + 1)];
}

function isTraceBack(entry: TimelineEntry): boolean {
  const [side] = sideAndStage(entry);
  return side !== 'violation' && side !== 'case';
}

function StageTimeline({ entries, people }: { entries: TimelineEntry[]; people: CaseDetail['people'] }) {
  const { t, i18n } = useTranslation();
  const directory = useDirectory(people);
  return (
    <Timeline
      className="stage-timeline"
      items={entries.map((entry, index) => ({
        key: `${entry.at}-${index}`,
        color: entry.outcome ? 'green' : 'gray',
        content: (
          <div>
            <div>
              <strong>{label(t, 'stage', sideAndStage(entry)[1])}</strong> ·{' '}
              {t(`action.${entry.action}`, { defaultValue: entry.action })}
              {entry.outcome && <Tag className="state state-done tag-inline">{label(t, 'outcome', entry.outcome)}</Tag>}
            </div>
            <div className="timeline-meta">
              {formatDateTime(entry.at, i18n.language)}
              {entry.actorId && ` · ${directory.personName(entry.actorId)} ${directory.personPost(entry.actorId)}`}
            </div>
            {entry.comment && <div>{entry.comment}</div>}
            {entry.basis && entry.basis.length > 0 && (
              <div className="timeline-meta">
                {t('case.basis')}:{' '}
                {entry.basis
                  .map((b) => `${b.regulation}${b.revision ? `（${b.revision}）` : ''} 第${b.article}条`)
                  .join('；')}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

/** 案件详情: where the case stands on both sides, who acted, what waits, and whether the audit chain holds. */
export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const session = useSession();
  const config = useConsoleConfig();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const directory = useDirectory(detail?.people);
  const [audit, setAudit] = useState<Schemas['AuditVerificationDto'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [deciding, setDeciding] = useState<DecidableTask | null>(null);
  const [reassigning, setReassigning] = useState<ReassignableTask | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await call(api.GET('/cases/{id}', { params: { path: { id: caseId } } })));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
    try {
      setAudit(await call(api.GET('/cases/{id}/audit/verify', { params: { path: { id: caseId } } })));
    } catch {
      setAudit(null);
    }
  }, [caseId]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!detail) return <ProblemAlert error={error} />;
  const c = detail.case;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div className="page-heading">
        <Typography.Title level={2}>
          {t('case.title')} <span className="case-ref">{c.caseNo}</span>
        </Typography.Title>
        <Space>
          <Button
            href={`${config.temporalUiUrl}/namespaces/default/workflows/${encodeURIComponent(c.caseId)}`}
            target="_blank"
          >
            {t('case.temporal')}
          </Button>
          <Button onClick={() => void load()}>{t('common.refresh')}</Button>
        </Space>
      </div>
      <ProblemAlert error={error} />
      {detail.view === 'metadata' && <Alert type="info" showIcon title={t('case.metadataOnly')} />}
      <Card>
        <Descriptions column={3} size="small">
          <Descriptions.Item label={t('case.kind')}>{t(`case.kindValue.${c.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('case.unit')}>{directory.unitName(c.unitId)}</Descriptions.Item>
          <Descriptions.Item label={t('case.jurisdiction')}>{directory.unitName(c.jurisdictionId)}</Descriptions.Item>
          <Descriptions.Item label={t('case.stage')}>{label(t, 'stage', c.stage)}</Descriptions.Item>
          <Descriptions.Item label={t('case.status')}>
            <Space size={4}>
              <Tag className={c.status === 'OPEN' ? 'state state-green' : 'state state-done'}>
                {t(`case.statusValue.${c.status}`)}
              </Tag>
              {c.overdue && <Tag className="state state-overdue">{t('case.overdue')}</Tag>}
              {c.escalationLevel > 0 && (
                <Tag className="state state-escalated">{t('myWork.escalationLevel', { level: c.escalationLevel })}</Tag>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.deadline')}>
            {c.deadlineAt ? formatDateTime(c.deadlineAt, i18n.language) : t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.openedAt')}>{formatDateTime(c.openedAt, i18n.language)}</Descriptions.Item>
          <Descriptions.Item label={t('case.lastActivity')}>
            {formatDateTime(c.lastActivityAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.audit')}>
            {audit &&
              (audit.ok ? (
                <Tag className="state state-green">{t('case.auditOk', { count: audit.count })}</Tag>
              ) : (
                <Tag className="state state-overdue">
                  {t('case.auditBroken', { seq: audit.firstBroken?.seq, reason: audit.firstBroken?.reason })}
                </Tag>
              ))}
          </Descriptions.Item>
        </Descriptions>
        {detail.dualInvestigation?.suggested && (
          <Alert
            className="section-gap"
            type="warning"
            showIcon
            title={t('case.dual')}
            description={`${t('case.dualReasons')}: ${detail.dualInvestigation.reasons.join('；')}`}
          />
        )}
      </Card>
      {detail.openTasks && detail.openTasks.length > 0 && (
        <Card title={t('case.openTasks')} size="small">
          <Table<OpenTask>
            rowKey="taskId"
            size="small"
            pagination={false}
            dataSource={detail.openTasks}
            columns={[
              {
                title: t('myWork.status'),
                key: 'w',
                render: (_, task) => (
                  <Tag className={warningClass(task.warningLevel)}>{label(t, 'warning', task.warningLevel)}</Tag>
                ),
              },
              { title: t('myWork.stage'), key: 's', render: (_, task) => label(t, 'stage', task.stage) },
              { title: t('myWork.task'), key: 'k', render: (_, task) => label(t, 'taskKind', task.kind) },
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
                // Reassigning is for supervisors; the gateway refuses anyone else with a reason the dialog shows.
                render: (_, task) =>
                  task.assigneeId === session?.personId ? (
                    <Button type="primary" size="small" onClick={() => setDeciding({ ...task, caseId: c.caseId })}>
                      {t('myWork.decide')}
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      onClick={() => setReassigning(task)}
                      aria-label={`${t('supervision.reassign')} ${label(t, 'stage', task.stage)}`}
                    >
                      {t('supervision.reassign')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <Row gutter={16}>
        <Col span={12}>
          <ChildCard detail={detail} role="violation" />
        </Col>
        <Col span={12}>
          <ChildCard detail={detail} role="traceBack" />
        </Col>
      </Row>
      {reassigning && (
        <ReassignDialog
          task={reassigning}
          people={detail.people}
          onClose={() => setReassigning(null)}
          onDone={(newAssignee) => {
            setReassigning(null);
            void message.success(t('reassign.done', { name: newAssignee.displayName }));
            void load();
          }}
        />
      )}
      {deciding && (
        <DecisionDialog
          task={deciding}
          onClose={() => setDeciding(null)}
          onDecided={(result) => {
            setDeciding(null);
            void message.success(t('decision.done', { outcome: label(t, 'outcome', result.outcome) }));
            void load();
          }}
        />
      )}
    </Space>
  );
}
