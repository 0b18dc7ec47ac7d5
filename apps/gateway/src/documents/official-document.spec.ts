import JSZip from 'jszip';
import type { RecordedDecisionRow } from '@shuangcha/persistence';
import { documentContent, DocumentDataMissingError, type CaseRecord } from './document-content';
import { renderOfficialDocument } from './official-document';
import { recordedStages } from './recorded-stages';

/** DOMAIN §9 scenario A as the case records it: a petition about Section Chief Zhang's procurement kickbacks. */
const NAMES: Record<string, string> = {
  'p-officer-ma': '马明',
  'p-trial-tang': '唐立',
  'p-secretary-gao': '高峰',
  'p-deputy-wang': '王强',
  'p-deputy-zhou': '周平',
  'p-member-xu': '徐静',
  'p-member-he': '何军',
};
const at = (day: number) =>
  `2026-0${Math.ceil(day / 28)}-${String(((day - 1) % 28) + 1).padStart(2, '0')}T02:00:00.000Z`;
const decision = (
  stage: string,
  outcome: string,
  actorId: string,
  day: number,
  extra: Partial<RecordedDecisionRow> = {},
) => ({ stage, outcome, actorId, decidedAt: at(day), basis: [], comment: '', ...extra }) satisfies RecordedDecisionRow;
const FACTS =
  '2022年1月至2024年6月，张某利用担任某县某局采购科科长的职务便利，在医疗设备采购中为供应商谋取利益，收受回扣共计人民币86万元。';
const DECISIONS: RecordedDecisionRow[] = [
  decision('investigation', 'TO_TRIAL', 'p-officer-ma', 40, {
    comment: FACTS,
    basis: [{ regulation: 'DR', revision: '2023', article: '29' }],
  }),
  decision('investigation', 'APPROVE', 'p-deputy-wang', 41),
  decision('trialReview', 'AGREE', 'p-trial-tang', 60, {
    comment: '张某严重违反党的纪律，构成严重职务违法并涉嫌受贿犯罪，且在党的十八大后不收敛、不收手。',
    basis: [{ regulation: 'SL', article: '45' }],
  }),
  decision('trialReview', 'APPROVE', 'p-secretary-gao', 61),
  // The standing committee votes; one member for a lighter sanction, the majority for expulsion.
  decision('sanction', 'EXPULSION', 'p-secretary-gao', 70, {
    comment: '张某违纪违法所得予以收缴，涉嫌犯罪问题移送检察机关依法审查起诉。',
    basis: [{ regulation: 'DR', revision: '2023', article: '29' }],
  }),
  decision('sanction', 'PROBATION_2Y', 'p-deputy-zhou', 70),
  decision('sanction', 'EXPULSION', 'p-deputy-wang', 70),
  decision('sanction', 'EXPULSION', 'p-member-xu', 70),
];

const scenarioA = (): CaseRecord => ({
  caseNo: '2026-000123',
  documentNo: '清纪立〔2026〕123号',
  issuingOrgan: '中共某县纪律检查委员会',
  unitName: '某县某局',
  subjects: [{ name: '张某', post: '某县某局采购科科长' }],
  stages: recordedStages(DECISIONS, (id) => NAMES[id] ?? id),
  accountability: [],
  rectificationItems: [],
  issuedDocuments: [],
  issuedOn: '2026年3月15日',
});

async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}
/** The text of every run in the document, paragraph by paragraph. */
const paragraphsOf = (xml: string) =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
/** The run properties of the paragraph whose text is `text`. */
function runPropertiesOf(xml: string, text: string): string {
  const paragraph = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => p[0]).find((p) => p.includes(`>${text}<`));
  if (!paragraph) throw new Error(`no paragraph ${text}`);
  return /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(paragraph)![1];
}

describe('sanction decision (党纪处分决定书) for DOMAIN scenario A', () => {
  let xml: string;
  beforeAll(async () => {
    xml = await documentXml(await renderOfficialDocument(documentContent('SANCTION_DECISION', scenarioA())));
  });

  it('states the document number, the subject, the facts, the basis articles and the decision', () => {
    const text = paragraphsOf(xml);
    expect(text).toContain('清纪立〔2026〕123号');
    expect(text).toContain('关于给予张某开除党籍处分的决定');
    expect(text).toContain('张某，某县某局采购科科长。');
    expect(text.join('\n')).toContain(`经查：${FACTS}`);
    expect(text.join('\n')).toContain(
      '依据《中国共产党纪律处分条例》（2023）第29条、《中华人民共和国监察法》第45条，经中共某县纪律检查委员会常务委员会会议研究，决定给予张某开除党籍处分。',
    );
    // The majority decided; those who voted for it are named, the dissenting vote is not.
    expect(text).toContain('批准人：高峰、王强、徐静。');
    expect(text).toContain('2026年3月15日');
  });

  it('names a party and a government sanction decided together (双开, DOMAIN scenario A)', async () => {
    const both = DECISIONS.map((d) => (d.outcome === 'EXPULSION' ? { ...d, outcome: 'EXPULSION+GOV_EXPULSION' } : d));
    const record = { ...scenarioA(), stages: recordedStages(both, (id) => NAMES[id] ?? id) };
    const text = paragraphsOf(
      await documentXml(await renderOfficialDocument(documentContent('SANCTION_DECISION', record))),
    );
    expect(text).toContain('关于给予张某开除党籍处分和开除公职处分的决定');
  });

  it('lays the page out after GB/T 9704-2012: A4, margins 37/35/28/26 mm', () => {
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)![1];
    expect(margin).toContain('w:top="2098"');
    expect(margin).toContain('w:bottom="1984"');
    expect(margin).toContain('w:left="1587"');
    expect(margin).toContain('w:right="1474"');
  });

  it('sets the title in 2号小标宋 (22 pt) and the body in 3号仿宋 (16 pt)', () => {
    const title = runPropertiesOf(xml, '关于给予张某开除党籍处分的决定');
    expect(title).toMatch(/w:eastAsia="方正小标宋简体"/);
    expect(title).toMatch(/<w:sz w:val="44"\/>/);
    const body = runPropertiesOf(xml, '张某，某县某局采购科科长。');
    expect(body).toMatch(/w:eastAsia="仿宋_GB2312"/);
    expect(body).toMatch(/<w:sz w:val="32"\/>/);
  });
});

describe('official documents from an incomplete record', () => {
  it('refuses a sanction decision before the committee decided, and a notice without a problem list', () => {
    const record = { ...scenarioA(), stages: recordedStages(DECISIONS.slice(0, 4), (id) => id) };
    expect(() => documentContent('SANCTION_DECISION', record)).toThrow(DocumentDataMissingError);
    expect(() => documentContent('RECTIFICATION_NOTICE', record)).toThrow(DocumentDataMissingError);
  });

  it('issues the filing decision, the report outline and the service receipt from what is recorded', async () => {
    const record: CaseRecord = {
      ...scenarioA(),
      stages: recordedStages(
        [
          decision('filing', 'FILED', 'p-officer-ma', 10, {
            comment: '张某涉嫌严重违纪违法',
            basis: [{ regulation: 'WR', article: '39' }],
          }),
          ...DECISIONS,
        ],
        (id) => NAMES[id] ?? id,
      ),
      issuedDocuments: [{ title: '党纪处分决定书', documentNo: '清纪立〔2026〕123号' }],
    };
    const filing = paragraphsOf(
      await documentXml(await renderOfficialDocument(documentContent('FILING_DECISION', record))),
    );
    expect(filing).toContain('关于对张某立案审查调查的决定');
    const report = paragraphsOf(
      await documentXml(await renderOfficialDocument(documentContent('INVESTIGATION_REPORT', record))),
    );
    expect(report).toContain('三、查明的违纪违法事实');
    const receipt = paragraphsOf(
      await documentXml(await renderOfficialDocument(documentContent('SERVICE_RECEIPT', record))),
    );
    expect(receipt).toContain('送达文书：党纪处分决定书（清纪立〔2026〕123号）');
  });
});
