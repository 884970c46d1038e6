// The working-day calendar API (src/calendar on the server): a year's exception days and
// working hours, a day set or cleared, the hours replaced, and a time limit worked out.
import { api, upload } from '../../shell/api/client'

export const calendar = {
  year: (year) => api.get('/api/v1/calendar', { year }),
  setDay: (date, body) => api.put(`/api/v1/calendar/days/${date}`, body),
  clearDay: (date) => api.del(`/api/v1/calendar/days/${date}`),
  setHours: (body) => api.put('/api/v1/calendar/hours', body),
  // { from (ISO 8601), working_days } or { from, working_hours }: exactly one of the two.
  due: (query) => api.get('/api/v1/calendar/due', query),
  // A year's file as the notice reads (date,kind,name; a File): the year with the counts
  // imported, added, changed, removed; a refusal's ApiError has `body.import.errors` by row.
  importYear: (year, file) => upload('/api/v1/calendar/import', { year }, file, { contentType: 'text/csv' }),
}

// The kinds of day the server keeps: a day off (放假) and a Saturday or Sunday worked (调休上班).
export const KINDS = ['holiday', 'workday']
// The years the server accepts (calendar_year).
export const FIRST_YEAR = 2000
export const LAST_YEAR = 2100
// At most this many working periods a day (calendar_segments_count).
export const MAX_SEGMENTS = 4
// The largest year's file the server takes (CALENDAR_IMPORT_MAX; 413 beyond).
export const IMPORT_MAX_BYTES = 64 * 1024

// The weekday of a "2026-02-16" date, as a key of calendar.week (whatever the browser's zone).
const WEEK = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
export function weekdayOf(date) {
  const [y, m, d] = String(date).split('-').map(Number)
  if (!y || !m || !d) return ''
  return WEEK[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]
}
export const isWeekend = (date) => ['sat', 'sun'].includes(weekdayOf(date))

// A date and time typed as "2026-02-13 10:00", in Asia/Shanghai as every time in the console,
// written as the server reads it: 2026-02-13T10:00:00+08:00.
export function shanghaiIso(text) {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})/.exec(text || '')
  return m ? `${m[1]}T${m[2]}:${m[3]}:00+08:00` : ''
}

// "2026-02-14T11:00:00+08:00" as "2026-02-14 11:00" (the server answers in +08:00).
export function shanghaiText(iso) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(iso || '')
  return m ? `${m[1]} ${m[2]}:${m[3]}` : String(iso || '')
}

// "HH:MM" to minutes, for the length of the working day.
export function minutesOf(hhmm) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm || '')
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN
}
