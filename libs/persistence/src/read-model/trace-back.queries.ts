import type { EntityManager } from 'typeorm';
import { CaseEntity } from '../entities/case.entity';

/** Cases of a unit, other than `exceptCaseId`, whose responsibility trace-back opened, with the periods it covers. */
export async function traceBacksOfUnit(
  manager: EntityManager,
  unitId: string,
  exceptCaseId: string,
): Promise<{ caseId: string; caseNo: string; intervals: { from: string; to: string }[] }[]> {
  const rows = await manager
    .getRepository(CaseEntity)
    .createQueryBuilder('c')
    .select(['c.caseId', 'c.caseNo', 'c.traceBackIntervals', 'c.openedAt'])
    .where('c.unitId = :unitId', { unitId })
    .andWhere('c.caseId <> :exceptCaseId', { exceptCaseId })
    .andWhere('c.traceBackIntervals IS NOT NULL')
    .orderBy('c.openedAt', 'ASC')
    .getMany();
  return rows.map((r) => ({ caseId: r.caseId, caseNo: r.caseNo, intervals: r.traceBackIntervals ?? [] }));
}
