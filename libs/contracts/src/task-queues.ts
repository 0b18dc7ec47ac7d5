export const CASE_TASK_QUEUE = 'shuangcha-case';
