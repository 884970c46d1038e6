// stats: every string of this feature (Chinese), under its own name so no feature can clash with another.
export default {
  stats: {
    nav: { dashboard: '工作台' },
    dashboard: {
      title: '工作台',
      lead: '近 14 天账号与操作概况。',
      scopeUnit: '统计范围：{unit}及其下级单位。',
      scopeAll: '统计范围：全部单位。',
      scopeNone: '你还没有所属单位，这里的数字都是 0；请联系系统管理员为你分配单位。',
      figures: '关键数字',
      totalUsers: '用户总数',
      logins14: '近 14 天登录次数',
      actions14: '近 14 天审计操作数',
      usersByRole: '各角色用户数',
      usersByRoleSummary: '各角色用户数柱状图，共 {total} 人',
      loginsByDay: '每日登录次数（近 14 天）',
      auditByDay: '每日审计操作数（近 14 天）',
      perDaySummary: '近 {days} 天每日数量图，合计 {total}',
      role: '角色',
      people: '人数',
      date: '日期',
      logins: '登录次数',
      actions: '操作数',
      formula: '口径：用户总数 = 各角色人数之和；登录次数 = 每天成功登录的次数；审计操作数 = 每天写入审计日志的操作条数。',
    },
  },
}
