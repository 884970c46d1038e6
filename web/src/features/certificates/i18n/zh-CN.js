export default {
  certificates: {
    nav: { list: '服务证明', mine: '我的证明' },
    state: { valid: '有效', revoked: '已作废' },
    qstate: { valid: '有效', expired: '已过期', revoked: '已撤销', not_yet: '未生效' },
    f: {
      number: '证明编号', name: '姓名', id: '证件号码', vnumber: '志愿者编号', period: '服务期间', hours: '服务时长',
      content: '服务内容', issuer: '出具单位', person: '负责人', handler: '经办人', phone: '联系电话', issuedOn: '出具日期',
    },
    list: {
      title: '志愿服务证明', lead: '按《志愿服务记录与证明出具办法》，为志愿者已审核通过的服务时长出具证明；证明不删除，出错时作废并写明原因。任何人可凭完整编号在核验页面查验（证件号码隐藏）。',
      state: '状态', empty: '还没有出具证明', print: '打印', revoke: '作废', revokeOf: '作废证明 {number}', more: '更多',
    },
    issue: {
      open: '出具证明', title: '出具志愿服务证明', submit: '出具',
      lead: '只计入服务期间内已审核通过的时长，待审核和不予认定的不计。', volunteer: '志愿者', volunteerHint: '输入姓名或编号查找',
      volunteerRequired: '请选择志愿者', from: '服务期间自', to: '至', dateRequired: '请选择日期', preview: '已认定时长',
      approved: '期间内已认定 {hours}（{n} 次服务）', none: '这段时间内没有已审核通过的服务时长，不能出具证明。',
      minutes: '证明时长（分钟）', minutesHint: '默认为期间内已认定的全部时长，不能超过它。', issuerHint: '不填则为志愿者所在社区的名称',
      personRequired: '请填写负责人', handlerRequired: '请填写经办人', phoneRequired: '请填写联系电话', done: '已出具证明 {number}',
    },
    revoke: {
      title: '作废证明', lead: '作废后证明仍保留，核验页面显示“已作废”。', reason: '原因', required: '请填写原因',
      tooMany: '操作太频繁，请 {n} 分钟后再试', done: '已作废',
    },
    print: { reveal: '打印完整证件号码', revealTitle: '打印完整证件号码', revealLead: '完整号码通过志愿者的“查看完整号码”取得，原因记入审计日志，只显示在本页，不会保存。', revealReason: '查看原因', revealPlaceholder: '例如：志愿者需要纸质证明用于评优', revealSubmit: '显示并打印', title: '打印证明', lead: '用 A4 纸打印，盖章后交给志愿者。证件号码按规定隐藏显示。', back: '返回服务证明', print: '打印', revoked: '这份证明已作废：{reason}' },
    mine: {
      title: '我的证明', lead: '社区为您出具的志愿服务证明，以及您的志愿服务记录。', certs: '服务证明', none: '还没有服务证明',
      noneHint: '需要证明时，请联系社区工作人员为您已认定的服务时长出具。', record: '志愿服务记录', total: '累计认定时长',
      services: '服务记录', noServices: '还没有已认定的服务', training: '培训记录', noTraining: '还没有培训记录', qualification: '{course}资格，有效期至 {until}',
    },
    verify: {
      title: '志愿服务证明核验', lead: '输入证明上的完整编号，查看证明内容和是否有效。', placeholder: '如 510104020001-ZM-2026-0001-K7Q2MX',
      submit: '核验', required: '请输入证明编号', unknown: '没有这个编号的证明，请核对后重新输入。', result: '核验结果',
      valid: '✓ 证明有效', revokedOn: '✗ 证明已于 {at} 作废',
    },
  },
}
