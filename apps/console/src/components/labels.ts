import type { TFunction } from 'i18next';

/**
 * A code from the API in the reader's language, or the code itself when the dictionary lacks it. The
 * trace-back's own stages and outcomes live in the `traceBack` section.
 */
export function label(
  t: TFunction,
  group: 'stage' | 'outcome' | 'taskKind' | 'warning' | 'action',
  code: string,
): string {
  // A sanction decided together with another (`EXPULSION+GOV_EXPULSION`, issue 12 §1) reads as both.
  if (group === 'outcome' && code.includes('+'))
    return code
      .split('+')
      .map((part) => label(t, group, part))
      .join(' + ');
  return t([`${group}.${code}`, `traceBack.${group}.${code}`, `procedure.${group}.${code}`], { defaultValue: code });
}

/** Class of a warning level's badge (styles.css): colours chosen for WCAG AA contrast, not antd's presets. */
export function warningClass(level: string): string {
  return ['green', 'yellow', 'red', 'overdue'].includes(level) ? `state state-${level}` : 'state';
}

/** Monday to Friday between now and `dueAt`, negative once it passed; holidays are the server's business. */
export function workingDaysUntil(dueAt: string, now = new Date()): number {
  const due = new Date(dueAt);
  const sign = due >= now ? 1 : -1;
  const [from, to] = sign > 0 ? [now, due] : [due, now];
  const day = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  const end = new Date(to.getFullYear(), to.getMonth(), to.getDate());
  let count = 0;
  while (day < end) {
    day.setDate(day.getDate() + 1);
    const weekday = day.getDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return sign * count;
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
}

/** Rectification tasks belong to their list's page (the workflow id is the list id), the rest to their case. */
export function pageOf(task: { stage: string; caseId: string }): string {
  const rectification = task.stage === 'rectification' || task.stage === 'verification';
  return `/${rectification ? 'rectification' : 'cases'}/${encodeURIComponent(task.caseId)}`;
}
