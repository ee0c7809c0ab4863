import {
  CATALOGUE,
  CATALOGUE_KIND_LABELS,
  CATEGORY_LABELS,
  DEPARTMENT_LABELS,
  DEPARTMENTS,
  LIST_EFFECTS,
  LIST_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
  CATALOGUE_KINDS,
  type Label,
} from '../../src/catalogue';
import {
  APPROVAL_MODE_LABELS,
  APPROVAL_MODES,
  BUILT_IN_MEASURES,
  LEVEL_LABELS,
  LEVELS,
  MEASURE_CONTEXT_LABELS,
  MEASURE_CONTEXTS,
  MEASURE_KIND_LABELS,
  MEASURE_KINDS,
} from '../../src/credit-engine';

const CJK = /[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f“”]/;
const chinese = (s: string | undefined) => typeof s === 'string' && s.trim().length > 0 && CJK.test(s);
const english = (s: string | undefined) => typeof s === 'string' && /[a-z]{2}/i.test(s) && !CJK.test(s);

describe('the labels in Chinese and English', () => {
  it('gives every catalogue entry an English title with no Chinese cut into it, and a Chinese title', () => {
    for (const e of CATALOGUE) {
      expect([e.code, english(e.title), chinese(e.titleZh)]).toEqual([e.code, true, true]);
      expect(e.title).not.toMatch(/[()（）]\s*$/);
    }
  });

  it('gives every category of the catalogue a label', () => {
    for (const e of CATALOGUE) expect([e.category, chinese(CATEGORY_LABELS[e.category]?.zh)]).toEqual([e.category, true]);
  });

  it('gives every built-in measure an English and a Chinese title, the official terms among them', () => {
    for (const m of BUILT_IN_MEASURES) expect([m.id, english(m.title), chinese(m.titleZh)]).toEqual([m.id, true, true]);
    const zh = new Map(BUILT_IN_MEASURES.map((m) => [m.id, m.titleZh!]));
    expect(zh.get('A-NOT-DISTURBED')).toContain('无事不扰');
    expect(zh.get('A-GREEN-CHANNEL')).toContain('绿色通道');
    expect(zh.get('A-TOLERANCE-ACCEPTANCE')).toContain('容缺受理');
    expect(zh.get('A-HONOUR-BOARD')).toContain('红榜');
    expect(zh.get('D-DISHONESTY-PUBLIC')).toContain('黑榜');
    expect(zh.get('A-LOAN-PRIORITY')).toContain('信易贷');
    expect(zh.get('C-FOCUS-SUPERVISION')).toContain('重点监管');
    expect(zh.get('C-INTEGRITY-INTERVIEW')).toBe('信用提醒、诚信约谈');
    expect(zh.get('D-JOINT-PUNISHMENT')).toContain('联合惩戒');
  });

  it.each([
    ['levels', LEVELS, LEVEL_LABELS],
    ['approval modes', APPROVAL_MODES, APPROVAL_MODE_LABELS],
    ['measure contexts', MEASURE_CONTEXTS, MEASURE_CONTEXT_LABELS],
    ['measure kinds', MEASURE_KINDS, MEASURE_KIND_LABELS],
    ['lists', LIST_EFFECTS, LIST_LABELS],
    ['severities', SEVERITIES, SEVERITY_LABELS],
    ['catalogue kinds', CATALOGUE_KINDS, CATALOGUE_KIND_LABELS],
    ['departments', DEPARTMENTS, DEPARTMENT_LABELS],
  ] as [string, readonly string[], Record<string, Label>][])('words every one of the %s in both languages, each once', (_, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const v of values) expect([v, chinese(labels[v]!.zh), english(labels[v]!.en)]).toEqual([v, true, true]);
    expect(new Set(values.map((v) => labels[v]!.zh)).size).toBe(values.length);
    expect(new Set(values.map((v) => labels[v]!.en)).size).toBe(values.length);
  });

  it('words grade A one way: 诚信守法, honest and law-abiding', () => {
    expect(LEVEL_LABELS.A).toEqual({ zh: '诚信守法', en: 'honest and law-abiding' });
  });
});
