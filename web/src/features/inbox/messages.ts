export const zh = {
  'inbox.title': '消息',
  'inbox.empty': '暂无消息',
  'inbox.unread': '{n} 条未读',
  'inbox.kind.supervise_red': '红牌督办',
  'inbox.kind.supervise_yellow': '黄牌督办',
  'inbox.kind.supervise_normal': '督办',
  'inbox.kind.red': '已超期',
  'inbox.kind.yellow': '即将到期',
  'inbox.kind.urge': '催办',
  'inbox.kind.whistle': '吹哨',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'inbox.title': 'Inbox',
  'inbox.empty': 'No messages',
  'inbox.unread': '{n} unread',
  'inbox.kind.supervise_red': 'Red card',
  'inbox.kind.supervise_yellow': 'Yellow card',
  'inbox.kind.supervise_normal': 'Supervision',
  'inbox.kind.red': 'Overdue',
  'inbox.kind.yellow': 'Due soon',
  'inbox.kind.urge': 'Urged',
  'inbox.kind.whistle': 'Summons',
};
