export { caseWorkflow } from './case.workflow';
export { responsibilityReview } from './responsibility-review.workflow';
export { responsibilityTraceBack } from './responsibility-trace-back.workflow';
export { violationInvestigation } from './violation-investigation.workflow';
export { rectificationItem } from './rectification-item.workflow';
export { rectificationList } from './rectification-list.workflow';
