// What the demo cases are about: invented but typical items of a Bayannur county's social-governance center
// (矛盾纠纷 with their GB/T 31000 types, 民生服务, 城市管理, 安全隐患, 治安, 预警, 信访), each with what the
// handling unit reports back. `units` are the preferred handling units, by name, in order.
import type { Category } from '../modules/cases/cases.codes.js';

export interface Topic {
  category: Category;
  disputeType?: string;
  title: string;
  description: string;
  /** what the unit reports: [disposition, result] pairs, one is picked */
  results: [string, string][];
  units: string[];
  /** a respondent: a person (invented name) or an organisation */
  respondent?: 'person' | string;
  urgency?: 'urgent' | 'critical';
  scale?: '02';
  weight: number;
}

const DEPT = { justice: '杭锦后旗司法局', mediation: '杭锦后旗矛盾纠纷多元化解中心', tribunal: '杭锦后旗人民法院速裁庭', hr: '杭锦后旗人力资源和社会保障局', land: '杭锦后旗自然资源局', petition: '杭锦后旗信访局', health: '杭锦后旗卫生健康委员会' };
const TOWN = { sfs: '陕坝司法所', police: '陕坝派出所', committee: '西环社区人民调解委员会' };

export const TOPICS: Topic[] = [
  // 矛盾纠纷
  { category: 'dispute', disputeType: '02', title: '楼上卫生间漏水致楼下墙面受损', description: '住户反映楼上卫生间防水层破损，漏水导致自家卧室墙面发霉、吊顶脱落，多次找楼上协商未果，请求调解。', respondent: 'person', units: [TOWN.committee, TOWN.sfs, DEPT.mediation], weight: 8,
    results: [['调解成功', '经调解，楼上住户同意重做防水并赔偿楼下墙面修复费用 1200 元，双方签订调解协议。'], ['调解成功', '双方达成协议：楼上负责维修，物业协助检测，修复费用各半承担。'], ['调解不成', '楼上住户不同意赔偿，已告知申请人可向法院起诉，并提供法律援助渠道。']] },
  { category: 'dispute', disputeType: '02', title: '邻居深夜装修噪音扰民', description: '反映隔壁住户连续多日晚上十点后仍在装修施工，电钻声影响老人和孩子休息，沟通后仍未停止。', respondent: 'person', units: [TOWN.committee, TOWN.police, TOWN.sfs], weight: 6,
    results: [['调解成功', '社区与民警上门沟通，装修户承诺每日 20 时后停止施工，已张贴施工时间告示。'], ['已解决', '装修已于本周结束，双方握手言和。']] },
  { category: 'dispute', disputeType: '02', title: '邻里因院墙界址发生争执', description: '两户平房住户因院墙重砌占地问题发生口角，一方认为对方院墙向外扩出约半米，双方情绪激动。', respondent: 'person', units: [TOWN.committee, TOWN.sfs, DEPT.mediation], weight: 4,
    results: [['调解成功', '会同村干部现场丈量，以原宅基地证为准，院墙后退 0.4 米，双方签字确认。'], ['调解不成', '双方对界址各执一词，已引导申请人申请宅基地确权。']] },
  { category: 'dispute', disputeType: '01', title: '夫妻因子女抚养问题闹离婚', description: '申请人反映丈夫长期在外务工不管家，因孩子上学费用分担问题多次争吵，要求社区帮助调解。', respondent: 'person', units: [TOWN.committee, DEPT.mediation, TOWN.sfs], weight: 5,
    results: [['调解成功', '经婚姻家庭调解室调解，双方就子女教育费用分担达成一致，暂不离婚。'], ['调解不成', '双方坚持离婚，已告知诉讼离婚程序并移交法院诉前调解。'], ['转诉讼', '双方调解不成，已引导到人民法院诉讼。']] },
  { category: 'dispute', disputeType: '01', title: '赡养老人费用分摊纠纷', description: '八十岁老人反映三个子女互相推诿，不愿承担赡养费和看病费用，老人独居生活困难。', respondent: 'person', units: [TOWN.committee, TOWN.sfs, DEPT.mediation], weight: 4,
    results: [['调解成功', '召集三个子女调解，约定每人每月支付赡养费 600 元，轮流照顾，签订赡养协议。'], ['调解成功', '经司法所调解，子女同意共同承担医疗费，社区定期回访。']] },
  { category: 'dispute', disputeType: '07', title: '建筑工地拖欠农民工工资', description: '多名农民工反映在某建筑工地干活三个月，包工头以工程款未到位为由拖欠工资共计 4.6 万元。', respondent: '杭锦后旗宏达建筑劳务有限公司', units: [DEPT.hr, DEPT.mediation, DEPT.justice], weight: 6, scale: '02',
    results: [['已解决', '人社局约谈施工单位，拖欠工资已全额支付到农民工个人账户。'], ['调解成功', '经劳动争议调解，用工方同意分两期支付，首期已到账。'], ['转仲裁', '用工方拒不支付，已指导申请人申请劳动仲裁并提供法律援助。']] },
  { category: 'dispute', disputeType: '07', title: '饭店辞退员工未结清工资', description: '申请人在一家饭店做服务员，被口头辞退后老板拒绝支付最后一个月工资和押金。', respondent: 'person', units: [DEPT.hr, DEPT.mediation], weight: 3,
    results: [['调解成功', '经调解，店主支付工资 3200 元并退还押金 500 元。'], ['已解决', '劳动保障监察责令支付，工资已结清。']] },
  { category: 'dispute', disputeType: '09', title: '土地承包合同到期后续包纠纷', description: '村民反映自家承包的 12 亩耕地合同到期后，村组未经协商转包给他人，要求恢复承包经营。', respondent: 'person', units: [DEPT.land, DEPT.mediation, DEPT.justice], weight: 5,
    results: [['调解成功', '经村组、司法所联合调解，原承包户继续承包，新承包户当季收益由村组补偿。'], ['已答复/解释', '经核查合同已依法到期并公示，已向申请人解释政策，告知可申请仲裁。'], ['转仲裁', '已引导申请人向农村土地承包仲裁委员会申请仲裁。']] },
  { category: 'dispute', disputeType: '09', title: '灌溉用水分配引发邻组纠纷', description: '两个村民小组因黄河灌区支渠放水顺序发生争执，有村民堵渠，影响夏灌。', units: [DEPT.land, DEPT.mediation], weight: 3, scale: '02', urgency: 'urgent',
    results: [['调解成功', '水利站重新排定放水时间表，两组组长签字确认，渠道已疏通。']] },
  { category: 'dispute', disputeType: '06', title: '购买农机质量问题退货纠纷', description: '农户在农机门市购买的播种机使用一周即出现故障，商家拒绝退换。', respondent: '陕坝镇丰收农机销售部', units: [DEPT.tribunal, DEPT.mediation], weight: 3,
    results: [['调解成功', '经速裁庭诉前调解，商家同意更换新机并承担运费。'], ['调解成功', '商家退款 80%，双方达成协议并申请司法确认。']] },
  { category: 'dispute', disputeType: '08', title: '亲戚间借款到期不还', description: '申请人三年前借给亲戚 5 万元，约定一年归还，现对方以生意亏损为由拒不还款。', respondent: 'person', units: [DEPT.tribunal, DEPT.mediation, DEPT.justice], weight: 3,
    results: [['调解成功', '双方达成分期还款协议，经司法确认具有强制执行力。'], ['转诉讼', '对方拒不到场，已引导申请人向法院起诉。']] },
  { category: 'dispute', disputeType: '04', title: '物业费收取标准争议', description: '小区多户业主反映物业公司擅自上调物业费，且电梯、绿化维护不到位，业主拒缴引发冲突。', respondent: '陕坝镇鑫源物业服务有限公司', units: [TOWN.committee, DEPT.mediation, TOWN.sfs], weight: 5,
    results: [['调解成功', '社区组织业主代表与物业座谈，物业暂缓调价并公示服务清单。'], ['已答复/解释', '调价经业主大会表决通过，已向业主公开说明，并督促物业整改电梯维护。']] },
  { category: 'dispute', disputeType: '05', title: '电动车剐蹭行人赔偿纠纷', description: '老人在巷口被电动车剐倒致手腕骨折，骑车人只愿支付部分医药费。', respondent: 'person', units: [TOWN.police, TOWN.sfs, DEPT.mediation], weight: 3,
    results: [['调解成功', '民警联合司法所调解，骑车人赔偿医药费、误工费共计 6800 元。']] },
  { category: 'dispute', disputeType: '10', title: '二手房买卖定金纠纷', description: '申请人交付定金 2 万元后因贷款未获批不能购房，卖方拒绝退还定金。', respondent: 'person', units: [DEPT.tribunal, DEPT.mediation], weight: 2,
    results: [['调解成功', '经调解，卖方退还定金 1.5 万元，双方解除合同。']] },
  { category: 'dispute', disputeType: '11', title: '老旧小区改造施工占用通道', description: '老旧小区改造期间施工材料堆放占用消防通道和单元门口，居民出行困难，与施工方多次争吵。', respondent: '巴彦淖尔市城建工程有限公司', units: [TOWN.committee, TOWN.sfs], weight: 2,
    results: [['已解决', '社区协调施工方清理通道，材料集中堆放在指定区域。']] },
  { category: 'dispute', disputeType: '12', title: '低保资格取消引发不满', description: '村民反映家中低保被取消，认为评议不公，情绪激动，多次到村委会吵闹。', units: [TOWN.sfs, DEPT.justice], weight: 2,
    results: [['已答复/解释', '民政部门复核家庭收入情况，向申请人解释政策，并帮助申请临时救助。']] },
  { category: 'dispute', disputeType: '99', title: '宠物狗咬伤邻居孩子', description: '邻居家未拴绳的狗咬伤申请人 8 岁孩子小腿，双方对疫苗费用和赔偿金额有分歧。', respondent: 'person', units: [TOWN.committee, TOWN.police, TOWN.sfs], weight: 2,
    results: [['调解成功', '养犬人承担全部疫苗和医药费用并赔礼道歉，承诺文明养犬。']] },
  // 民生服务
  { category: 'service', title: '小区路灯损坏夜间出行不便', description: '小区主干道有 5 盏路灯不亮已半个多月，老人晚上出门容易摔倒，请求尽快维修。', units: [TOWN.sfs, TOWN.committee], weight: 5,
    results: [['已解决', '已联系供电和物业更换灯具，5 盏路灯全部恢复照明。']] },
  { category: 'service', title: '冬季供暖温度不达标', description: '居民反映家中暖气温度只有 14 度左右，老人孩子受冻，多次联系热力公司未解决。', units: [TOWN.sfs, DEPT.health], weight: 4, urgency: 'urgent',
    results: [['已解决', '热力公司上门排查，清洗管道、排气后室温达到 20 度。'], ['已答复/解释', '系楼栋末端管网老化，已列入明年改造计划，临时加装循环泵。']] },
  { category: 'service', title: '申请办理高龄津贴遇到困难', description: '老人已满 80 周岁，子女在外地，不会网上申请高龄津贴，请求帮助办理。', units: [TOWN.committee, TOWN.sfs], weight: 3,
    results: [['已解决', '网格员上门代办，高龄津贴已审批，下月起按月发放。']] },
  { category: 'service', title: '自来水水压低用水困难', description: '平房区住户反映近一周自来水水压很低，白天基本无水，做饭洗衣困难。', units: [TOWN.sfs, TOWN.committee], weight: 3,
    results: [['已解决', '供水公司更换破损阀门，水压恢复正常。']] },
  { category: 'service', title: '残疾人两项补贴未按时发放', description: '申请人为二级肢体残疾，反映近两个月残疾人护理补贴未到账。', units: [DEPT.justice, TOWN.sfs], weight: 2,
    results: [['已答复/解释', '经核实为银行账户变更导致，已补发两个月补贴。']] },
  { category: 'service', title: '门诊慢特病报销咨询', description: '患者家属反映在定点药店购药不能按慢病报销，咨询办理流程。', units: [DEPT.health], weight: 2,
    results: [['已答复/解释', '已告知慢特病认定办理流程，协助提交材料，认定后可直接结算。']] },
  // 城市管理
  { category: 'city', title: '人行道井盖缺失存在安全隐患', description: '学校门口人行道上一处井盖丢失，仅用木板遮挡，学生上下学经过很危险。', units: [TOWN.sfs, TOWN.committee], weight: 4,
    results: [['已解决', '市政所已补装防盗井盖，并对周边井盖逐一排查。']] },
  { category: 'city', title: '占道经营堵塞小区出入口', description: '早市摊贩占用小区门口道路，车辆进出困难，垃圾无人清理。', units: [TOWN.sfs, TOWN.police], weight: 3,
    results: [['已解决', '城管中队规划临时摊点区域，门口已恢复畅通，每日清扫。']] },
  { category: 'city', title: '垃圾收集点长时间未清运', description: '巷口垃圾箱已满溢三天无人清运，气味难闻，招来苍蝇。', units: [TOWN.committee, TOWN.sfs], weight: 3,
    results: [['已解决', '环卫部门已清运，调整为每日两次清运。']] },
  { category: 'city', title: '广场舞音响音量过大扰民', description: '小区旁广场每晚跳广场舞音响声音很大，持续到晚上十点，影响附近居民休息。', units: [TOWN.committee, TOWN.police], weight: 3,
    results: [['调解成功', '社区与舞蹈队协商，音量降低并于 21 时前结束。'], ['已解决', '已为舞蹈队配发定向音箱，噪音明显降低。']] },
  { category: 'city', title: '私搭乱建占用公共绿地', description: '有住户在楼下公共绿地私自搭建彩钢房，用于堆放杂物。', respondent: 'person', units: [TOWN.sfs, TOWN.committee], weight: 2,
    results: [['已解决', '经劝导，住户自行拆除违建，绿地已恢复。']] },
  // 安全隐患
  { category: 'hazard', title: '楼道堆放杂物堵塞消防通道', description: '单元楼道内堆放纸箱、旧家具和电动车，堵塞消防通道，存在火灾隐患。', units: [TOWN.committee, TOWN.police, TOWN.sfs], weight: 4,
    results: [['已解决', '网格员和物业逐户劝导，楼道杂物已全部清理。']] },
  { category: 'hazard', title: '电动车楼道内充电', description: '有住户从窗户拉线给楼道里的电动车充电，夜间充电存在起火风险。', units: [TOWN.committee, TOWN.police], weight: 3,
    results: [['已解决', '已劝导住户到集中充电桩充电，拆除私拉电线。']] },
  { category: 'hazard', title: '自建房墙体开裂有倒塌风险', description: '一处老旧自建房外墙出现明显裂缝，雨后有掉块，房屋紧邻巷道。', units: [DEPT.land, TOWN.sfs], weight: 2, urgency: 'urgent',
    results: [['已解决', '经鉴定为 C 级危房，已设置警示区域，住户临时搬离，列入危房改造。']] },
  { category: 'hazard', title: '液化气罐违规存放', description: '一家小餐馆后厨存放多个液化气罐，未安装报警装置。', respondent: '陕坝镇老王家烩菜馆', units: [TOWN.police, TOWN.sfs], weight: 2,
    results: [['已解决', '已责令餐馆整改，安装燃气报警器，多余气罐已清走。']] },
  // 治安
  { category: 'security', title: '小区夜间多辆电动车被盗', description: '近一周小区车棚内连续发生电动车电瓶被盗，居民要求加强夜间巡逻。', units: [TOWN.police], weight: 3,
    results: [['已解决', '派出所加强夜间巡逻，调取监控抓获嫌疑人一名。'], ['已答复/解释', '已立案侦查，小区加装监控两处。']] },
  { category: 'security', title: '电信诈骗线索反映', description: '老人接到自称"医保局"的电话，要求转账解冻医保卡，家属及时制止并反映。', units: [TOWN.police], weight: 2,
    results: [['已解决', '民警上门开展反诈宣传，协助安装国家反诈中心 APP。']] },
  { category: 'security', title: '酒后滋事打架', description: '烧烤店门口有人酒后发生争吵并推搡，影响周边居民。', units: [TOWN.police], weight: 2, urgency: 'urgent',
    results: [['转公安', '已由派出所依法处理，双方达成治安调解。'], ['调解成功', '民警现场调解，双方互相道歉，赔偿损失。']] },
  // 预警信息
  { category: 'warning', title: '某小区业主拟集体到政府上访', description: '网格员获悉小区 30 余户业主因房产证迟迟未办理，拟近日集体到旗政府反映。', units: [DEPT.petition, DEPT.land], weight: 1, scale: '02', urgency: 'urgent',
    results: [['已答复/解释', '信访、自然资源部门到小区召开座谈会，明确办证时间表，业主情绪稳定。']] },
  // 信访
  { category: 'petition', title: '信访：征地补偿款未足额发放', description: '信访人反映所在村组征地补偿款被截留一部分，要求公开补偿明细并足额发放。', units: [DEPT.petition, DEPT.land], weight: 2,
    results: [['已答复/解释', '经核查，补偿款已按标准发放至村集体，村内分配方案已公示，书面答复信访人。'], ['已解决', '督促村组补发差额部分，已全部到账。']] },
  { category: 'petition', title: '信访：安置房迟迟不能交房', description: '信访人反映棚户区改造安置房超过约定期限一年仍未交房，过渡费也停发。', units: [DEPT.petition, DEPT.land], weight: 1,
    results: [['已答复/解释', '住建部门书面答复交房时间，过渡费已恢复发放。']] },
  { category: 'petition', title: '信访：反映村干部优亲厚友', description: '信访人反映村干部在危房改造名额评定中优亲厚友，要求调查处理。', units: [DEPT.petition, DEPT.justice], weight: 1,
    results: [['不属实', '经镇纪委调查，名额评定程序合规，反映问题不属实，已书面答复。'], ['已解决', '调查属实，已取消违规名额并对村干部诫勉谈话。']] },
];

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '韩', '冯', '于', '董', '程', '曹', '袁', '邓', '许', '苏', '贾'];
export const GIVEN = ['建国', '秀英', '桂兰', '志强', '海燕', '丽华', '玉兰', '国庆', '淑芬', '永红', '春梅', '文博', '浩然', '宏伟', '凤英', '金山', '晓东', '红霞', '德明', '振华', '二虎', '俊峰', '美玲', '建军', '素梅', '占江', '福生', '翠兰', '利军', '雪梅'];
export const MONGOLIAN = ['巴特尔', '其其格', '娜仁花', '额尔敦·巴雅尔', '阿拉坦·苏和', '乌云·其木格', '斯琴图雅', '宝音·达来', '图门·吉日嘎拉'];

/** Reasons an office gives for a refusal, a return, an escalation, an unrated close. */
export const REASONS = {
  reject: ['反映事项属于法院已生效判决范围，不属于本中心受理范围', '反映内容不清且联系不上反映人', '同一事项已由公安机关立案处理'],
  returned: ['该事项不属于本单位职责，请重新指派', '涉及多个部门，需牵头单位协调'],
  escalate: ['涉及跨村组土地权属，需镇里协调', '当事人情绪激动，需上级部门联合调处', '涉及职能部门执法事项，本级无权处理'],
  closeNote: ['多次电话回访无人接听，按未评价结案', '申请人外出务工联系不上，按未评价结案'],
  reworkNote: ['赔偿款尚未落实，请继续跟进', '现场复核仍有问题，整改不到位', '申请人反映未实际解决'],
  reopen: ['申请人对处理结果不满意，要求重新办理', '回访不满意：问题反弹'],
};
