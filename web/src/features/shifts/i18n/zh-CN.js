export default {
  shifts: {
    nav: { activities: '志愿活动', hours: '时长审核', mine: '我的班次', checkin: '扫码签到', myHours: '我的时长' },
    units: { m: '{m} 分钟', h: '{h} 小时', hm: '{h} 小时 {m} 分' },
    kind: { activity: '活动', standing: '常设服务' },
    state: { confirmed: '已报名', waitlisted: '候补', cancelled: '已取消' },
    hoursState: { pending: '待审核', approved: '已认定', declined: '不予认定', corrected: '已更正' },
    activities: {
      title: '志愿活动',
      lead: '管辖范围内的志愿服务活动和常设服务（如 15 分钟便民生活圈的驿站），按班次招募志愿者。只面向志愿者，不要求工作人员签到，也不排名（国办函〔2026〕12号）。',
      create: '新建活动', empty: '还没有活动', emptyHint: '新建一项活动，再为它排班。',
      titleLabel: '活动名称', titleRequired: '请填写活动名称', kind: '类型', unit: '组织单位', unitRequired: '请选择组织单位',
      place: '地点', description: '说明', grace: '签到宽限（分钟）', created: '已新建活动“{name}”',
      more: '更早的班次', shifts: '班次', pick: '选择活动', noShifts: '这项活动还没有班次',
    },
    shift: {
      create: '新增班次', role: '岗位', roleRequired: '请填写岗位', starts: '开始时间', ends: '结束时间', timeRequired: '请选择时间',
      capacity: '名额', course: '要求持证（培训课程）', noCourse: '不要求', created: '已新增班次',
      places: '{confirmed}/{capacity} 人', waitlisted: '候补 {n} 人', roster: '名单', cancelled: '已取消',
      qualification: '需持证上岗',
    },
    roster: {
      title: '班次名单', back: '返回志愿活动', code: '签到二维码', approveAll: '整班审核通过',
      approvedAll: '已审核通过 {n} 条时长', noneToApprove: '没有待审核的时长',
      name: '志愿者', state: '报名状态', checkedIn: '签到', checkedOut: '签退', hours: '时长', empty: '还没有人报名',
      record: '补记签到', recordOf: '为 {name} 补记签到签退', recordTitle: '补记签到签退', in: '签到时间', out: '签退时间（可不填）',
      recorded: '已记录', position: '第 {n} 位',
    },
    code: {
      title: '签到二维码', lead: '请志愿者用手机扫码签到、签退。二维码每分钟更新，截图转发给他人会很快失效。',
      code: '签到码', refresh: '更新于 {time}', closed: '现在不在签到时间内（{from} 至 {to}）', alt: '班次 {id} 的签到二维码',
    },
    hours: {
      title: '时长审核', lead: '志愿者签退后生成的服务时长，由组织方审核认定；认定后按积分规则记入积分。不予认定或更正都会新记一笔，原记录保留。',
      state: '状态', empty: '没有需要处理的时长', volunteer: '志愿者', activity: '活动', when: '时间', minutes: '时长', points: '积分',
      approve: '认定', approveOf: '认定 {name} 的时长', approved: '已认定', decline: '不予认定', declineOf: '不予认定 {name} 的时长',
      declineTitle: '不予认定', declineLead: '已认定的时长不予认定时，已得积分会冲正。', reason: '原因', reasonRequired: '请填写原因',
      declined: '已不予认定', tooMany: '操作太频繁，请 {n} 分钟后再试',
    },
    mine: {
      title: '我的班次', lead: '报名本社区和街道的志愿服务班次。名额已满时进入候补，有人取消后按顺序递补。',
      open: '可报名的班次', none: '暂时没有可报名的班次', mine: '我报名的班次', noneMine: '还没有报名',
      signUp: '报名', signUpOf: '报名 {name}', signedUp: '已报名', waitlisted: '名额已满，已进入候补（第 {n} 位）',
      cancel: '取消报名', cancelOf: '取消报名 {name}', cancelled: '已取消报名', unqualified: '需持证上岗，您还没有有效的培训资格',
      checkedIn: '已签到', checkedOut: '已签退',
    },
    checkin: {
      title: '扫码签到', lead: '在活动现场用手机扫描组织方出示的二维码，即可签到；服务结束后再扫一次签退。',
      noCode: '请用手机相机或微信“扫一扫”扫描班次二维码。', shift: '班次 {id}',
      checkIn: '签到', checkOut: '签退', inDone: '签到成功，{time}', outDone: '签退成功，本次服务 {minutes}，待组织方审核',
      done: '本班次已签到并签退', again: '重新扫码',
    },
    myHours: {
      title: '我的时长', lead: '您的志愿服务时长和由此获得的积分。待审核的时长经组织方认定后记入积分。',
      approved: '已认定时长', pending: '待审核时长', points: '服务所得积分', balance: '积分余额',
      empty: '还没有服务时长', emptyHint: '报名班次并扫码签到、签退后，时长会出现在这里。', earned: '+{n} 积分',
    },
  },
}
