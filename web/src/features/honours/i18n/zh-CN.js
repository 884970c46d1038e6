// honours: every string of this feature (简体中文), under its own name.
export default {
  honours: {
    nav: { ratings: '荣誉评选', rating: '评选详情', points: '户积分' },
    state: {
      nominating: '提名中', announcing: '公示中', published: '已公布',
      nominated: '已提名', announced: '公示中', awarded: '已授予', withdrawn: '已撤回',
      open: '待处理', upheld: '异议成立', dismissed: '异议不成立',
    },
    per: { time: '每次', hour: '每小时' },
    ratings: {
      title: '荣誉评选', lead: '文明户、五好家庭、幸福之家等年度评选：提名 → 公示（接受异议）→ 公布结果。', create: '新建评选', community: '社区', kind: '荣誉', year: '年度',
      empty: '还没有评选', open: '查看', counts: '提名 {n} 户 · 公示中 {a} 户 · 已授予 {w} 户 · 待处理异议 {o} 条', created: '已新建评选', board: '公示栏（居民看到的页面）',
      kinds: '荣誉种类', kindsLead: '由管理员维护，各社区评选时选用。', kindName: '名称', kindDescription: '说明', addKind: '新增荣誉', kindAdded: '已新增 {name}', retire: '停用', restore: '启用', inUse: '在用', notInUse: '已停用',
      required: '请选择', period: '公示期 {from} 至 {to}', awardDate: '授予日期 {date}',
    },
    rating: {
      back: '返回评选列表', nominees: '提名名单', nominee: '户', address: '住址', head: '户主', reason: '推荐理由', points: '本年积分', state: '状态', nominator: '提名人', objections: '异议',
      nominate: '提名', household: '选择户', householdHint: '输入住址或户主姓名查找', reasonRequired: '请填写推荐理由', nominated: '已提名', suggestions: '按积分推荐', suggestionsLead: '本年积分较高、尚未提名的户：', pick: '选择',
      withdraw: '撤回', withdrawTitle: '撤回提名', withdrawReason: '撤回原因', withdrawn: '已撤回提名',
      openNotice: '开始公示', openTitle: '开始公示', start: '开始时间', end: '结束时间', openHint: '公示期间任何人都可在公示栏提出异议；结束且异议处理完毕后才能公布结果。', opened: '已开始公示',
      publish: '公布结果', published: '已公布结果', publishHint: '公示期结束、异议全部处理后可公布。', running: '公示期尚未结束', objectionsOpen: '还有 {n} 条异议待处理',
      objectionList: '公示异议', noObjections: '没有异议', objReason: '异议内容', contact: '联系人', phone: '电话', received: '提出时间', resolve: '处理', resolveTitle: '处理异议', decision: '处理结果', reply: '答复', replyRequired: '请填写答复', resolved: '已处理异议', reason2: '理由',
      noNominees: '还没有提名',
    },
    points: {
      title: '户积分', lead: '居民积分制：按规则给参与社区事务的户记积分；更正用冲正，不修改原记录。排名只列参与的住户，不排工作人员。', rules: '积分规则', addRule: '新增规则', ruleName: '名称', rulePoints: '分值', per: '计分方式', cap: '年度上限', noCap: '不封顶', capWords: '每年最多 {n} 分', ruleAdded: '已新增规则', edit: '修改', saved: '已保存', active: '在用',
      award: '记积分', rule: '规则', households: '户（可多选）', onDate: '日期', quantity: '次数', minutes: '服务时长（分钟）', note: '备注', awarded: '已给 {n} 户记积分', householdsRequired: '请选择户', ruleRequired: '请选择规则',
      table: '本年参与户积分', year: '年度', rank: '序号', household: '户', pointsCol: '积分', awardsCol: '记分次数', history: '积分记录', empty: '还没有积分记录',
      balance: '积分余额 {b} · 本年获得 {y}', honours: '获得荣誉', reverse: '冲正', reverseTitle: '冲正这笔积分', reverseReason: '更正原因', reversed: '已冲正', reversedTag: '已冲正', date: '日期', operator: '经办人',
    },
    household: {
      title: '积分与荣誉', balance: '户积分余额', year: '{year} 年获得', honour: '{year} 年度{kind}', noHonours: '还没有获得荣誉', awards: '最近记分', loadFailed: '积分与荣誉暂时无法加载',
    },
    board: {
      ratingTitle: '{community} · {year} 年度{kind}', title: '公示栏', lead: '社区荣誉评选公示。对公示名单有不同意见，可在公示期内提出异议。', announcing: '正在公示', none: '目前没有正在公示的评选', results: '评选结果', noResults: '还没有公布的结果',
      period: '公示期：{from} 至 {to}', object: '提出异议', objectTitle: '对 {who} 提出异议', reason: '异议内容', reasonHint: '请写明事实，至少 5 个字', name: '您的称呼（选填）', phone: '联系电话（选填，仅社区工作人员可见）', submit: '提交异议',
      sent: '已收到您的异议', sentLead: '社区将核实处理。', back: '返回公示栏', tooMany: '提交太频繁，请 {minutes} 分钟后再试', awardedOn: '{date} 授予', reasonRequired: '请填写异议内容', closed: '公示期已结束，不再接受异议',
    },
  },
}
