// volunteers: every string of this feature (简体中文), under its own name.
export default {
  volunteers: {
    nav: { list: '志愿者', one: '志愿者档案', teams: '志愿服务队', trainings: '培训与上岗资格' },
    skills: { first_aid: '急救', mediation: '矛盾调解', elderly_care: '老年护理', haircut: '理发', repair: '家电维修', medical: '医疗义诊', legal: '法律咨询', tutoring: '课业辅导', culture: '文艺宣传', counselling: '心理疏导', driving: '驾驶', cleaning: '环境清洁', errands: '代买代办', digital: '手机电脑使用' },
    availability: { weekday_day: '工作日白天', weekday_evening: '工作日晚上', weekend: '周末', holiday: '节假日', on_call: '随叫随到' },
    approval: { pending: '待审核', approved: '已通过', rejected: '已驳回' },
    status: { active: '在岗', paused: '暂停', left: '已退出' },
    kinds: { service: '便民服务队', party: '党员服务队', student: '学生实践队', other: '其他队伍' },
    roles: { leader: '队长', member: '队员' },
    qstate: { valid: '有效', expired: '已过期', revoked: '已撤销', not_yet: '未生效' },
    fields: { name: '姓名', phone: '手机号', unit: '所在社区', number: '志愿者编号', skills: '技能特长', availability: '服务时间', note: '备注', source: '登记方式', approval: '审核', status: '状态', idNumber: '身份证号', resident: '居民档案', created: '登记时间', reason: '驳回原因' },
    source: { public: '本人在线报名', staff: '工作人员登记' },
    list: {
      title: '志愿者', lead: '志愿者注册、审核、队伍与培训；审核通过即开通志愿者账号。', teams: '志愿服务队', trainings: '培训与上岗资格', join: '报名页面', create: '登记志愿者',
      search: '姓名或编号', approvalAll: '全部审核状态', statusAll: '全部状态', skillAll: '全部技能', empty: '还没有志愿者', emptyFiltered: '没有符合条件的志愿者',
      counts: '待审核 {pending} · 在岗 {active} · 暂停 {paused} · 已退出 {left}', open: '查看 {name}', approve: '通过', reject: '驳回', actionsOf: '{name} 的操作',
      approved: '已通过 {name} 的报名', rejected: '已驳回 {name} 的报名', created: '已登记 {name}',
    },
    reject: { title: '驳回 {name} 的报名', lead: '驳回原因会记录在志愿者档案中。', label: '驳回原因', placeholder: '例如：不在本社区居住', submit: '驳回', required: '请填写驳回原因', tooMany: '操作太频繁，请 {minutes} 分钟后再试' },
    account: { title: '已开通志愿者账号', lead: '请把账号和临时密码告诉 {name}。临时密码只显示这一次，首次登录时须修改。', username: '账号', password: '临时密码', copy: '复制', close: '我已记下' },
    form: { title: '登记志愿者', nameRequired: '请填写姓名', phoneRequired: '请填写手机号', phoneInvalid: '手机号格式不正确', unitRequired: '请选择社区', idHint: '选填，用于关联居民档案和开具志愿服务证明' },
    record: {
      back: '返回志愿者列表', teams: '所在队伍', noTeams: '未加入队伍', quals: '培训与上岗资格', noQuals: '暂无上岗资格', course: '课程', granted: '取得日期', expires: '有效期至',
      reveal: '查看完整号码', revealTitle: '查看 {name} 的完整号码', revealLead: '查看原因将记入审计日志，每人每小时最多 30 次。', revealLabel: '查看原因', revealPlaceholder: '例如：联系志愿者安排服务', revealSubmit: '查看', revealRequired: '请填写查看原因',
      revealed: '手机号 {phone}；证件号码 {id}', none: '无', setStatus: '改为{status}', statusSaved: '已改为{status}', linked: '已关联', notLinked: '未关联',
    },
    teams: {
      title: '志愿服务队', lead: '红色便民服务队、党员服务队、学生实践队等；队员须为本单元已审核的志愿者。', create: '新建队伍', name: '队伍名称', kind: '类型', unit: '所属单元', members: '在队人数', leaders: '队长',
      empty: '还没有队伍', membersOf: '{name} 的队员', add: '添加队员', volunteer: '志愿者', role: '角色', since: '入队日期', end: '离队', ended: '{name} 已离队', added: '已添加 {name}', created: '已新建 {name}', nameRequired: '请填写队伍名称', unitRequired: '请选择单元', volunteerRequired: '请选择志愿者',
    },
    trainings: {
      title: '培训与上岗资格', lead: '急救、矛盾调解、老年护理等培训；签到即取得课程的上岗资格，有效期按课程设定。', courses: '课程', sessions: '培训场次', quals: '上岗资格',
      code: '编码', course: '课程', validity: '有效期（月）', months: '{n} 个月', createCourse: '新增课程', createSession: '新增场次', date: '日期', place: '地点', trainer: '授课人', capacity: '容量', attendees: '已签到',
      attendance: '签到', attendanceOf: '{course} {date} 签到', record: '记录签到', recorded: '已记录 {n} 人签到', pick: '选择参加培训的志愿者', empty: '暂无', volunteer: '志愿者', state: '状态', expires: '有效期至', revoke: '撤销', revokeTitle: '撤销 {name} 的「{course}」资格', revokeLead: '撤销原因会记入资格记录。', revokeLabel: '撤销原因', revokeRequired: '请填写撤销原因', revoked: '已撤销',
      required: '必填', createdCourse: '已新增课程 {name}', createdSession: '已新增场次',
    },
    join: {
      title: '志愿者报名', loginLink: '志愿者报名', lead: '加入社区志愿服务：填写信息，社区审核通过后会联系您。', chooseUnit: '请选择您所在的社区', unit: '报名社区：{unit}', changeUnit: '换一个社区',
      name: '姓名', phone: '手机号', phoneHint: '社区审核后用这个号码联系您，号码加密保存', idNumber: '身份证号（选填）', idHint: '出具志愿服务证明时需要，加密保存', idInvalid: '身份证号格式不正确', skills: '技能特长（可多选）', availability: '可服务时间（可多选）', submit: '提交报名',
      nameRequired: '请填写姓名', phoneRequired: '请填写手机号', phoneInvalid: '手机号格式不正确', sent: '报名已提交', sentLead: '感谢您！社区工作人员审核后会电话联系您，并告诉您志愿者账号。', again: '再报名一位', tooMany: '提交太频繁，请 {minutes} 分钟后再试', noUnits: '暂无可报名的社区',
    },
  },
}
