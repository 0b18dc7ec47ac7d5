import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';

/**
 * GB/T 9704-2012 (党政机关公文格式): A4, the type area set by margins of 37 mm top, 35 mm bottom, 28 mm
 * left (订口) and 26 mm right; title in 2号小标宋 (22 pt), body in 3号仿宋 (16 pt) with 22 lines a page,
 * first-level headings in 黑体 and second-level in 楷体; the issuing organ's mark in red over a red rule,
 * the document number centred under it; page numbers in 4号 (14 pt) as "— 1 —".
 */
export const GB_T_9704 = {
  pageWidthMm: 210,
  pageHeightMm: 297,
  marginMm: { top: 37, bottom: 35, left: 28, right: 26 },
  titleFont: '方正小标宋简体',
  bodyFont: '仿宋_GB2312',
  headingFont: '黑体',
  subheadingFont: '楷体_GB2312',
  /** Sizes in points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
  titlePt: 22,
  bodyPt: 16,
  pageNumberPt: 14,
  /** 22 lines on the 225 mm type area: a fixed 28.95 pt line. */
  lineTwips: 579,
  red: 'FF0000',
} as const;

/** docx's own converter floors (37 mm → 2097); rounded, A4 is Word's 11906 × 16838. */
const twip = (mm: number) => Math.round((mm * 1440) / 25.4);
const halfPoints = (pt: number) => pt * 2;
/** Two body characters: the first-line indent of every body paragraph. */
const INDENT = GB_T_9704.bodyPt * 2 * 20;

/** A block of the body: a paragraph, a numbered heading (一、… in 黑体, （一）… in 楷体) or a line of a form. */
export type BodyBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'subheading'; text: string }
  | { type: 'line'; text: string };

/** What an official document says; the layout is GB/T 9704's, the content comes from the case's record. */
export interface OfficialDocumentContent {
  /** 发文机关标志, e.g. 中共某某县纪律检查委员会. */
  issuingOrgan: string;
  /** 发文字号, e.g. 清纪立〔2026〕123号; absent when the case has none. */
  documentNo: string | null;
  title: string;
  /** 主送机关 or the person it is addressed to, followed by a colon. */
  addressee?: string;
  body: BodyBlock[];
  /** 成文日期 in Arabic numerals, e.g. 2026年3月1日. */
  date: string;
}

function run(text: string, font: string, pt: number, extra: { bold?: boolean; color?: string } = {}): TextRun {
  return new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size: halfPoints(pt), ...extra });
}

const lineSpacing = { line: GB_T_9704.lineTwips, lineRule: LineRuleType.EXACT };

function bodyParagraph(block: BodyBlock): Paragraph {
  const font =
    block.type === 'heading'
      ? GB_T_9704.headingFont
      : block.type === 'subheading'
        ? GB_T_9704.subheadingFont
        : GB_T_9704.bodyFont;
  return new Paragraph({
    children: [run(block.text, font, GB_T_9704.bodyPt)],
    alignment: AlignmentType.JUSTIFIED,
    indent: block.type === 'line' ? undefined : { firstLine: INDENT },
    spacing: lineSpacing,
  });
}

/** The document as DOCX bytes. */
export async function renderOfficialDocument(content: OfficialDocumentContent): Promise<Buffer> {
  const header = [
    new Paragraph({
      children: [run(content.issuingOrgan, GB_T_9704.titleFont, GB_T_9704.titlePt, { color: GB_T_9704.red })],
      alignment: AlignmentType.CENTER,
      spacing: { after: 400 },
    }),
    new Paragraph({
      children: [run(content.documentNo ?? '', GB_T_9704.bodyFont, GB_T_9704.bodyPt)],
      alignment: AlignmentType.CENTER,
      spacing: lineSpacing,
      // The red rule under the document number separates the head (版头) from the body (主体).
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: GB_T_9704.red, space: 8 } },
    }),
    new Paragraph({ children: [], spacing: lineSpacing }),
    new Paragraph({
      children: [run(content.title, GB_T_9704.titleFont, GB_T_9704.titlePt)],
      alignment: AlignmentType.CENTER,
      spacing: { after: GB_T_9704.lineTwips },
    }),
  ];
  const addressee = content.addressee
    ? [
        new Paragraph({
          children: [run(content.addressee, GB_T_9704.bodyFont, GB_T_9704.bodyPt)],
          spacing: lineSpacing,
        }),
      ]
    : [];
  const signOff = [
    new Paragraph({ children: [], spacing: lineSpacing }),
    new Paragraph({
      children: [run(content.issuingOrgan, GB_T_9704.bodyFont, GB_T_9704.bodyPt)],
      alignment: AlignmentType.RIGHT,
      indent: { right: INDENT * 2 },
      spacing: lineSpacing,
    }),
    new Paragraph({
      children: [run(content.date, GB_T_9704.bodyFont, GB_T_9704.bodyPt)],
      alignment: AlignmentType.RIGHT,
      // 成文日期 ends four characters from the right edge of the type area.
      indent: { right: INDENT * 2 },
      spacing: lineSpacing,
    }),
  ];
  const document = new Document({
    creator: content.issuingOrgan,
    title: content.title,
    sections: [
      {
        properties: {
          page: {
            size: { width: twip(GB_T_9704.pageWidthMm), height: twip(GB_T_9704.pageHeightMm) },
            margin: {
              top: twip(GB_T_9704.marginMm.top),
              bottom: twip(GB_T_9704.marginMm.bottom),
              left: twip(GB_T_9704.marginMm.left),
              right: twip(GB_T_9704.marginMm.right),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    font: '宋体',
                    size: halfPoints(GB_T_9704.pageNumberPt),
                  }),
                ],
              }),
            ],
          }),
        },
        children: [...header, ...addressee, ...content.body.map(bodyParagraph), ...signOff],
      },
    ],
  });
  return Packer.toBuffer(document);
}
