import { Space } from 'antd';
import { AccountabilitySummaryCard } from './AccountabilitySummaryCard';
import { CandidateOrgChart } from './CandidateOrgChart';
import { candidatesOf, summaryOf, type AccountabilityView, type CandidateNames, type ReviewTask } from './model';
import { ReviewTasksCard } from './ReviewTasksCard';

/** 责任倒查 on the case page: its open tasks, the candidates over the org chart, and the summary once concluded. */
export function TraceBackSection({
  view,
  names,
  onDecide,
}: {
  view: AccountabilityView;
  names: CandidateNames;
  onDecide: (task: ReviewTask) => void;
}) {
  const summary = summaryOf(view);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="trace-back-section">
      {view.traceBack === 'RUNNING' && <ReviewTasksCard view={view} names={names} onDecide={onDecide} />}
      {candidatesOf(view).length > 0 && <CandidateOrgChart view={view} />}
      {summary && <AccountabilitySummaryCard summary={summary} names={names} />}
    </Space>
  );
}
