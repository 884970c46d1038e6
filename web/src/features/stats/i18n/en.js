// stats: every string of this feature (English), under its own name so no feature can clash with another.
export default {
  stats: {
    nav: { dashboard: 'Dashboard' },
    dashboard: {
      title: 'Dashboard',
      lead: 'Accounts and activity over the last 14 days. ',
      scopeUnit: 'Counted in: {unit} and the units below it.',
      scopeAll: 'Counted in: every unit.',
      scopeNone: 'You have no unit yet, so every figure here is 0; ask the system administrator to give you one.',
      figures: 'Key figures',
      totalUsers: 'Users',
      logins14: 'Logins, last 14 days',
      actions14: 'Audited actions, last 14 days',
      usersByRole: 'Users by role',
      usersByRoleSummary: 'Bar chart of users by role, {total} in all',
      loginsByDay: 'Logins per day (last 14 days)',
      auditByDay: 'Audited actions per day (last 14 days)',
      perDaySummary: 'Chart of daily counts over {days} days, {total} in all',
      role: 'Role',
      people: 'People',
      date: 'Date',
      logins: 'Logins',
      actions: 'Actions',
      formula: 'How counted: users = the sum over roles; logins = successful logins per day; audited actions = entries written to the audit log per day.',
    },
  },
}
