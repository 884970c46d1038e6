// org: every string of this feature (Chinese), under its own name so no feature can clash with another.
export default {
  org: {
    unitKinds: {
      street: '街道',
      community: '社区',
      compound: '小区',
      building: '楼栋',
      grid: '网格',
      microgrid: '微网格',
    },
    units: { label: '{name}（{kind}）', choose: '选择一个或多个单位', none: '没有可选的单位' },
  },
}
