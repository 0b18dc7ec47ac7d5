import { parseSanction, type GovernmentSanction, type PartySanction } from '@shuangcha/domain/case';
import type { DocumentKind } from '@shuangcha/contracts/http';
import type { BodyBlock, OfficialDocumentContent } from './official-document';

export interface Basis {
  regulation: string;
  revision?: string;
  article: string;
}

/** What a stage decided, as the case recorded it: the proposal's outcome, reasoning and basis, and who approved. */
export interface RecordedStage {
  outcome: string;
  comment: string;
  basis: Basis[];
  decidedAt: string;
  /** Names of the approvers (or, for a collective decision, of those who voted for the outcome). */
  approvers: string[];
}

export interface NamedPerson {
  name: string;
  post: string | null;
}

/** Everything the documents draw on, read from the case's recorded decisions and read model. */
export interface CaseRecord {
  caseNo: string;
  documentNo: string | null;
  /** The commission (jurisdiction) by name: the issuing organ. */
  issuingOrgan: string;
  unitName: string;
  subjects: NamedPerson[];
  stages: Partial<Record<string, RecordedStage>>;
  accountability: { person: NamedPerson; determination: string; forms: string[]; modifiers: string[] }[];
  rectificationItems: { problem: string; measure: string; dueDate: string; responsible: NamedPerson }[];
  issuedDocuments: { title: string; documentNo: string | null }[];
  /** 成文日期, Asia/Shanghai. */
  issuedOn: string;
}

/** The case has not recorded what the document states; nothing is issued. */
export class DocumentDataMissingError extends Error {
  constructor(
    readonly kind: DocumentKind,
    what: string,
  ) {
    super(`the case has not recorded ${what} yet, which a ${kind} states`);
    this.name = 'DocumentDataMissingError';
  }
}

/** DR (中国共产党纪律处分条例) and PSL (公职人员政务处分法 art. 7) sanctions as the decision words them. */
export const SANCTION_WORDING: Record<PartySanction | GovernmentSanction, string> = {
  WARNING: '党内警告处分',
  SERIOUS_WARNING: '党内严重警告处分',
  REMOVE_PARTY_POST: '撤销党内职务处分',
  PROBATION_1Y: '留党察看一年处分',
  PROBATION_2Y: '留党察看二年处分',
  EXPULSION: '开除党籍处分',
  GOV_WARNING: '政务警告处分',
  GOV_DEMERIT: '政务记过处分',
  GOV_MAJOR_DEMERIT: '政务记大过处分',
  GOV_DEMOTION: '政务降级处分',
  GOV_DISMISSAL: '政务撤职处分',
  GOV_EXPULSION: '开除公职处分',
};

/** A party and a government sanction together read as one (给予开除党籍处分和开除公职处分); null when none. */
function sanctionWording(outcome: string): string | null {
  const decision = parseSanction(outcome);
  const parts = [decision?.party, decision?.government].flatMap((s) => (s ? [SANCTION_WORDING[s]] : []));
  return parts.length === 0 ? null : parts.join('和');
}

const FORM_WORDING: Record<string, string> = {
  INSPECTION: '责令检查',
  CIRCULATE: '通报',
  REORGANIZE: '改组',
  ADMONISH: '诫勉',
  ORG_ADJUSTMENT: '组织调整或者组织处理',
  DISC_SANCTION: '纪律处分',
};

const DETERMINATION_WORDING: Record<string, string> = {
  NONE: '不承担责任',
  DIRECT: '直接责任',
  MAIN_LEADERSHIP: '主要领导责任',
  IMPORTANT_LEADERSHIP: '重要领导责任',
};

const REGULATION_NAMES: Record<string, string> = {
  AR: '《中国共产党问责条例》',
  WR: '《中国共产党纪律检查机关监督执纪工作规则》',
  DR: '《中国共产党纪律处分条例》',
  SL: '《中华人民共和国监察法》',
  PSL: '《中华人民共和国公职人员政务处分法》',
  MR: '《党委（党组）落实全面从严治党主体责任规定》',
};

export function basisText(basis: readonly Basis[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const b of basis) {
    const text = `${REGULATION_NAMES[b.regulation] ?? b.regulation}${b.revision ? `（${b.revision}）` : ''}第${b.article}条`;
    if (!seen.has(text)) parts.push(text);
    seen.add(text);
  }
  return parts.join('、');
}

const who = (p: NamedPerson) => (p.post ? `${p.name}，${p.post}` : p.name);
const names = (ps: readonly NamedPerson[]) => ps.map((p) => p.name).join('、');
const paragraph = (text: string): BodyBlock => ({ type: 'paragraph', text });

function need(record: CaseRecord, kind: DocumentKind, stage: string, what: string): RecordedStage {
  const recorded = record.stages[stage];
  if (!recorded) throw new DocumentDataMissingError(kind, what);
  return recorded;
}

function approvedBy(stage: RecordedStage): BodyBlock[] {
  return stage.approvers.length > 0 ? [paragraph(`批准人：${stage.approvers.join('、')}。`)] : [];
}

/** Every document of a case carries the case's issuing organ, its document number and the day of issue. */
function issued(
  record: CaseRecord,
  content: Pick<OfficialDocumentContent, 'title' | 'addressee' | 'body'>,
): OfficialDocumentContent {
  return { issuingOrgan: record.issuingOrgan, documentNo: record.documentNo, ...content, date: record.issuedOn };
}

function filingDecision(record: CaseRecord): OfficialDocumentContent {
  const filing = need(record, 'FILING_DECISION', 'filing', 'a filing decision');
  const prelim = record.stages.preliminaryVerification;
  return issued(record, {
    title: `关于对${names(record.subjects)}立案审查调查的决定`,
    body: [
      paragraph(`被审查调查人：${record.subjects.map(who).join('；')}。`),
      ...(prelim ? [paragraph(`经初步核实：${prelim.comment}`)] : []),
      paragraph(`立案理由：${filing.comment}`),
      ...(filing.basis.length
        ? [paragraph(`依据${basisText(filing.basis)}，决定对${names(record.subjects)}立案审查调查。`)]
        : [paragraph(`决定对${names(record.subjects)}立案审查调查。`)]),
      ...approvedBy(filing),
    ],
  });
}

function investigationReport(record: CaseRecord): OfficialDocumentContent {
  const investigation = need(record, 'INVESTIGATION_REPORT', 'investigation', 'an investigation decision');
  const filing = record.stages.filing;
  return issued(record, {
    title: `关于${names(record.subjects)}问题的审查调查报告（提纲）`,
    body: [
      { type: 'heading', text: '一、被审查调查人基本情况' },
      paragraph(`${record.subjects.map(who).join('；')}；所在单位：${record.unitName}。`),
      { type: 'heading', text: '二、立案依据' },
      paragraph(filing ? `${filing.comment}（${filing.decidedAt.slice(0, 10)}立案）` : '本案未记录立案决定。'),
      { type: 'heading', text: '三、查明的违纪违法事实' },
      paragraph(investigation.comment),
      { type: 'heading', text: '四、处理意见及依据' },
      paragraph(
        `${investigation.outcome === 'TO_TRIAL' ? '移送审理' : investigation.outcome === 'CRIME_SUSPECTED' ? '涉嫌犯罪，移送审理' : '予以了结'}；依据：${basisText(investigation.basis) || '（未记录）'}。`,
      ),
      ...approvedBy(investigation),
    ],
  });
}

function sanctionDecision(record: CaseRecord): OfficialDocumentContent {
  const sanction = need(record, 'SANCTION_DECISION', 'sanction', 'a sanction decision');
  const wording = sanctionWording(sanction.outcome);
  if (!wording)
    throw new DocumentDataMissingError('SANCTION_DECISION', `a sanction (the committee decided ${sanction.outcome})`);
  const facts = [record.stages.investigation?.comment, record.stages.trialReview?.comment].filter(
    (text): text is string => Boolean(text),
  );
  const basis = [
    ...(record.stages.investigation?.basis ?? []),
    ...(record.stages.trialReview?.basis ?? []),
    ...sanction.basis,
  ];
  const subjects = names(record.subjects);
  return issued(record, {
    title: `关于给予${subjects}${wording}的决定`,
    body: [
      paragraph(`${record.subjects.map(who).join('；')}。`),
      paragraph(`经查：${facts.join('')}`),
      paragraph(`以上事实，有相关证据证实。${sanction.comment}`),
      paragraph(`依据${basisText(basis)}，经${record.issuingOrgan}常务委员会会议研究，决定给予${subjects}${wording}。`),
      ...approvedBy(sanction),
      paragraph(`如不服本决定，可在收到本决定书之日起一个月内向${record.issuingOrgan}提出申诉。`),
    ],
  });
}

function accountabilityDecision(record: CaseRecord): OfficialDocumentContent {
  const held = record.accountability.filter((a) => a.forms.length > 0);
  if (held.length === 0) throw new DocumentDataMissingError('ACCOUNTABILITY_DECISION', 'an accountability decision');
  return issued(record, {
    title: `关于对${record.unitName}有关人员问责的决定`,
    body: [
      paragraph(`经对${record.unitName}落实全面从严治党主体责任、监督责任情况倒查，现决定：`),
      ...held.map((a, i) =>
        paragraph(
          `${i + 1}. ${who(a.person)}，负${DETERMINATION_WORDING[a.determination] ?? a.determination}，予以${a.forms.map((f) => FORM_WORDING[f] ?? f).join('、')}${a.modifiers.length ? `（${a.modifiers.join('；')}）` : ''}。`,
        ),
      ),
      paragraph('依据《中国共产党问责条例》作出本决定。如不服，可在收到本决定之日起一个月内提出书面申诉。'),
    ],
  });
}

function rectificationNotice(record: CaseRecord): OfficialDocumentContent {
  if (record.rectificationItems.length === 0) {
    throw new DocumentDataMissingError('RECTIFICATION_NOTICE', 'a problem list');
  }
  return issued(record, {
    title: `关于${record.unitName}限期整改的通知`,
    addressee: `${record.unitName}：`,
    body: [
      paragraph('针对本案暴露出的问题，请你单位按照以下问题清单逐项整改，有一件改一件成一件，并按期报送整改情况：'),
      ...record.rectificationItems.flatMap((item, i): BodyBlock[] => [
        { type: 'subheading', text: `（${i + 1}）${item.problem}` },
        paragraph(`整改措施：${item.measure}；责任人：${who(item.responsible)}；完成时限：${item.dueDate}。`),
      ]),
    ],
  });
}

function serviceReceipt(record: CaseRecord): OfficialDocumentContent {
  const served = record.issuedDocuments.filter((d) => d.title !== '送达回证');
  if (served.length === 0) throw new DocumentDataMissingError('SERVICE_RECEIPT', 'an issued document to serve');
  return issued(record, {
    title: '送达回证',
    body: [
      ...served.map((d): BodyBlock => ({
        type: 'line',
        text: `送达文书：${d.title}${d.documentNo ? `（${d.documentNo}）` : ''}`,
      })),
      { type: 'line', text: `受送达人：${record.subjects.map(who).join('；')}` },
      { type: 'line', text: '送达地点：' },
      { type: 'line', text: '送达方式：' },
      { type: 'line', text: '受送达人签收：　　　　　　　　年　　月　　日' },
      { type: 'line', text: '送达人签名：　　　　　　　　　年　　月　　日' },
      { type: 'line', text: '备注：' },
    ],
  });
}

export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  FILING_DECISION: '立案决定书',
  INVESTIGATION_REPORT: '审查调查报告',
  SANCTION_DECISION: '党纪处分决定书',
  ACCOUNTABILITY_DECISION: '问责决定书',
  RECTIFICATION_NOTICE: '整改通知书',
  SERVICE_RECEIPT: '送达回证',
};

const BUILDERS: Record<DocumentKind, (record: CaseRecord) => OfficialDocumentContent> = {
  FILING_DECISION: filingDecision,
  INVESTIGATION_REPORT: investigationReport,
  SANCTION_DECISION: sanctionDecision,
  ACCOUNTABILITY_DECISION: accountabilityDecision,
  RECTIFICATION_NOTICE: rectificationNotice,
  SERVICE_RECEIPT: serviceReceipt,
};

/** The document's content from the case's record; throws DocumentDataMissingError when the record lacks it. */
export function documentContent(kind: DocumentKind, record: CaseRecord): OfficialDocumentContent {
  return BUILDERS[kind](record);
}
