import { Alert, App as AntApp, Button, Col, Row, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useConsoleConfig } from '../components/config-context';
import { label } from '../components/labels';
import { CaseFileTab } from './case/CaseFileTab';
import { CaseSummaryCard } from './case/CaseSummaryCard';
import { DualInvestigationDialog } from './case/DualInvestigationDialog';
import { MeasuresCard } from './case/MeasuresCard';
import { OpenTasksCard } from './case/OpenTasksCard';
import { ChildCard } from './case/StageTimeline';
import { TaskRequestDialog, type RequestableTask, type TaskRequestKind } from './case/TaskRequestDialog';
import { DecisionDialog, type DecidableTask } from './DecisionDialog';
import { ReassignDialog, type ReassignableTask } from './ReassignDialog';
import {
  candidatesOf,
  reviewsOf,
  useCandidateNames,
  type AccountabilityView,
  type ReviewTask,
} from './traceback/model';
import { ReviewDecisionDialog } from './traceback/ReviewDecisionDialog';
import { TraceBackSection } from './traceback/TraceBackSection';

type CaseDetail = Schemas['CaseDetailDto'];

/**
 * 案件详情: both investigations side by side (一案双查), who acted, what waits, the trace-back's candidates
 * and accountability summary, and whether the audit chain holds.
 */
export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const config = useConsoleConfig();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [accountability, setAccountability] = useState<AccountabilityView | null>(null);
  const names = useCandidateNames(accountability);
  const [audit, setAudit] = useState<Schemas['AuditVerificationDto'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [deciding, setDeciding] = useState<DecidableTask | null>(null);
  const [reviewDeciding, setReviewDeciding] = useState<ReviewTask | null>(null);
  const [reassigning, setReassigning] = useState<ReassignableTask | null>(null);
  const [requesting, setRequesting] = useState<{ task: RequestableTask; kind: TaskRequestKind } | null>(null);
  const [dualOpen, setDualOpen] = useState(false);

  const load = useCallback(async () => {
    let loaded: CaseDetail | null = null;
    try {
      loaded = await call(api.GET('/cases/{id}', { params: { path: { id: caseId } } }));
      setDetail(loaded);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
    const traceBack = loaded?.view === 'full' && loaded.children.some((c) => c.role === 'traceBack');
    try {
      setAccountability(
        traceBack ? await call(api.GET('/cases/{id}/accountability', { params: { path: { id: caseId } } })) : null,
      );
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
  const decided = (outcome: string) => {
    setDeciding(null);
    setReviewDeciding(null);
    void message.success(t('decision.done', { outcome: label(t, 'outcome', outcome) }));
    void load();
  };
  const targetOf = (task: ReviewTask) => {
    const key = reviewsOf(accountability).find((r) => r.workflowId === task.workflowId)?.candidateKey;
    return candidatesOf(accountability).find((x) => x.candidateKey === key)?.target ?? 'person';
  };
  const overview = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <CaseSummaryCard detail={detail} audit={audit} onDualDecision={() => setDualOpen(true)} />
      {detail.openTasks && detail.openTasks.length > 0 && (
        <OpenTasksCard
          tasks={detail.openTasks}
          people={detail.people}
          onDecide={(task) => setDeciding({ ...task, caseId: c.caseId })}
          onReassign={setReassigning}
          onRequest={(task, kind) => setRequesting({ task, kind })}
        />
      )}
      <Row gutter={16}>
        <Col span={12}>
          <ChildCard detail={detail} role="violation" />
        </Col>
        <Col span={12}>
          <ChildCard detail={detail} role="traceBack" nameOf={names.nameOf} />
        </Col>
      </Row>
      {detail.view === 'full' && <MeasuresCard caseId={c.caseId} />}
      {accountability && <TraceBackSection view={accountability} names={names} onDecide={setReviewDeciding} />}
    </Space>
  );
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
      {detail.view === 'full' ? (
        <Tabs
          items={[
            { key: 'overview', label: t('caseFile.overviewTab'), children: overview },
            {
              key: 'file',
              label: t('caseFile.tab'),
              children: <CaseFileTab caseId={c.caseId} closed={c.status === 'CLOSED'} />,
            },
          ]}
        />
      ) : (
        overview
      )}
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
      {requesting && (
        <TaskRequestDialog
          task={requesting.task}
          kind={requesting.kind}
          onClose={() => setRequesting(null)}
          onDone={() => {
            void message.success(t(`caseDetail.request.${requesting.kind}.done`));
            setRequesting(null);
            void load();
          }}
        />
      )}
      {dualOpen && (
        <DualInvestigationDialog
          caseId={c.caseId}
          reasons={detail.dualInvestigation?.reasons ?? []}
          onClose={() => setDualOpen(false)}
          onDone={(decision) => {
            setDualOpen(false);
            void message.success(t(`traceBack.trigger.decided.${decision}`));
            void load();
          }}
        />
      )}
      {deciding && (
        <DecisionDialog task={deciding} onClose={() => setDeciding(null)} onDecided={(r) => decided(r.outcome)} />
      )}
      {reviewDeciding && (
        <ReviewDecisionDialog
          task={reviewDeciding}
          target={targetOf(reviewDeciding)}
          subject={names.candidateOfTask(reviewDeciding)}
          onClose={() => setReviewDeciding(null)}
          onDecided={decided}
        />
      )}
    </Space>
  );
}
