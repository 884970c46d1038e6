// notices: every string of this feature (Chinese), under its own name. The kinds of notices
// are named by the server (GET /api/v1/labels?what=notice).
export default {
  notices: {
    nav: { page: '通知' },
    bell: {
      unread: '通知：{n} 条未读',
      none: '通知：没有未读',
    },
    page: {
      title: '通知',
      lead: '派给你的诉求、即将到期和超期的诉求、退单、退回重办、不满意的评价等，点开即标为已读并打开相关的诉求。',
      readAll: '全部已读',
      allRead: '已将 {n} 条通知标为已读',
      unreadOnly: '只看未读',
      read: '已读',
      unread: '未读',
      openRead: '打开：',
      openUnread: '打开并标为已读：',
      empty: '还没有通知',
      emptyUnread: '没有未读的通知',
      emptyHint: '有诉求派给你、快到期或超期、被退回时，这里会通知你。',
    },
  },
}
