// The charts' options (shell/components/EChart.vue), for the dashboard and what other features
// put on it: colours and sizes that follow 长辈模式, and the two shapes used, bars (by day, by
// month, by category …) and a line.
import { computed } from 'vue'
import { prefs } from './prefs'

export const palette = computed(() => (prefs.elder
  ? { main: '#0b3d91', second: '#7a4100', bad: '#8a0000', text: '#000000', axis: '#000000', split: '#999999', size: 18 }
  : { main: '#1d5fbf', second: '#94540a', bad: '#b3261e', text: '#363a40', axis: '#5b5f66', split: '#dcdfe6', size: 13 }))

function axisStyle() {
  const p = palette.value
  return {
    axisLabel: { color: p.text, fontSize: p.size },
    axisLine: { lineStyle: { color: p.axis } },
    splitLine: { lineStyle: { color: p.split } },
  }
}

// Bars of one series: labels along the axis, one value each. across: the bars lie across the
// page (long labels: categories, units), each with its value at its end.
export function barOption(labels, values, name, { across = false, color = palette.value.main } = {}) {
  const p = palette.value
  const cat = { type: 'category', data: labels, ...axisStyle(), ...(across ? { inverse: true } : {}) }
  const val = { type: 'value', minInterval: 1, ...axisStyle() }
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: across ? 32 : 16, top: 16, bottom: 8, containLabel: true },
    xAxis: across ? val : cat,
    yAxis: across ? cat : val,
    series: [{
      type: 'bar', name, data: values, itemStyle: { color }, barMaxWidth: across ? 28 : 24,
      ...(across ? { label: { show: true, position: 'right', color: p.text, fontSize: p.size } } : {}),
    }],
  }
}

export function lineOption(labels, values, name) {
  const p = palette.value
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, ...axisStyle() },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle() },
    series: [{
      type: 'line', name, data: values, itemStyle: { color: p.second },
      lineStyle: { width: prefs.elder ? 4 : 2 }, symbolSize: prefs.elder ? 10 : 6,
    }],
  }
}

// A chart's height for n bars lying across: room for each label in large type too.
export const acrossHeight = (n) => `${Math.max(160, n * (prefs.elder ? 44 : 32) + 48)}px`
