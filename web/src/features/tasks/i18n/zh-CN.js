// tasks: every string of this feature (Chinese), under its own name so no feature can clash with another.
export default {
  tasks: {
    nav: { mine: '我的任务' },
    mine: {
      title: '我的任务',
      lead: '派给你办理的居民诉求工单。',
      emptyTitle: '暂时没有任务',
      emptyText: '任务随居民诉求而来：居民提出的诉求经受理、派单给你之后，就会出现在这里等你办理。',
      next: '现在可以先到个人中心核对信息、修改初始密码。',
      goAccount: '前往个人中心',
    },
  },
}
