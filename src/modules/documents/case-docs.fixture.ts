// A realistic case for the document tests (and for rendering samples by hand): a neighbour dispute reported online
// in 西环社区, with masked parties and a timeline of `entries` actions an hour apart.
import type { CaseDocInput } from './case-docs.js';

const ACTIONS = [
  ['王*', '网格员', '上报', '现场核实，楼上卫生间防水层破损，已拍照留存。'],
  ['李*', '社区综治专干', '立案', null],
  ['李*', '社区综治专干', '指派', '交西环社区人民调解委员会调解。'],
  ['赵*', '人民调解员', '签收', null],
  ['赵*', '人民调解员', '反馈', '双方同意由楼上住户负责维修防水层，并赔偿楼下损失人民币800元。'],
] as const;

export function sampleCase(entries = 5): CaseDocInput {
  const receivedAt = new Date('2026-11-28T01:30:00Z'); // 2026年11月28日 09:30 Beijing time
  return {
    caseNumber: '150826-20261128-000007',
    trackingCode: '7KQ2M9XH3P',
    trackUrl: 'https://county.example/track?code=7KQ2M9XH3P',
    title: '楼上卫生间漏水致楼下墙面受损',
    description:
      '反映人称，西环小区3号楼2单元502室卫生间自今年10月起持续向楼下402室渗水，墙面和吊顶发霉脱落。多次上门协商未果，请求社区协调解决并由楼上住户承担维修费用。',
    categoryName: '矛盾纠纷',
    disputeTypeName: '邻里纠纷',
    channelName: '群众网上反映',
    placeName: '杭锦后旗 陕坝镇 西环社区 西环一网格',
    address: '西环小区3号楼2单元402室',
    officeName: '西环社区居委会',
    countyName: '杭锦后旗',
    receivedAt,
    applicants: [
      { name: '张*华', phone: '138****5678', idNumber: '150826********1234', isRepresentative: true },
      { name: '刘*', phone: '139****0001' },
    ],
    respondents: [{ name: '陈*', phone: '137****4321' }],
    statusName: '办理中',
    deadlineText: '请于2026年12月05日前查询办理结果',
    timeline: Array.from({ length: entries }, (_, i) => {
      const [actorName, roleName, actionName, note] = ACTIONS[i % ACTIONS.length]!;
      return {
        at: new Date(receivedAt.getTime() + (i + 1) * 3_600_000),
        actorName,
        roleName,
        actionName: i < ACTIONS.length ? actionName : `${actionName}（第${i + 1}次）`,
        note,
      };
    }),
    disposition: '调解成功',
    result: '双方签订人民调解协议，楼上住户已于12月2日完成防水维修并支付赔偿。',
    satisfactionName: '满意',
  };
}
