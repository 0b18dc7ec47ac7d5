export { caseWorkflow } from './case.workflow';
export { responsibilityTraceBack } from './responsibility-trace-back.workflow';
export { violationInvestigation } from './violation-investigation.workflow';
