// volunteers: every string of this feature (English), under its own name.
export default {
  volunteers: {
    nav: { list: 'Volunteers', one: 'Volunteer record', teams: 'Volunteer teams', trainings: 'Training and qualifications' },
    skills: { first_aid: 'First aid', mediation: 'Mediation', elderly_care: 'Elderly care', haircut: 'Haircuts', repair: 'Repairs', medical: 'Medical care', legal: 'Legal advice', tutoring: 'Tutoring', culture: 'Arts and outreach', counselling: 'Counselling', driving: 'Driving', cleaning: 'Cleaning', errands: 'Errands', digital: 'Phones and computers' },
    availability: { weekday_day: 'Weekdays, daytime', weekday_evening: 'Weekday evenings', weekend: 'Weekends', holiday: 'Public holidays', on_call: 'On call' },
    approval: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' },
    status: { active: 'Active', paused: 'Paused', left: 'Left' },
    kinds: { service: 'Community service team', party: "Party members' team", student: 'Student team', other: 'Other team' },
    roles: { leader: 'Leader', member: 'Member' },
    qstate: { valid: 'Valid', expired: 'Expired', revoked: 'Revoked', not_yet: 'Not yet valid' },
    fields: { name: 'Name', phone: 'Mobile', unit: 'Community', number: 'Volunteer number', skills: 'Skills', availability: 'Availability', note: 'Note', source: 'Registered', approval: 'Approval', status: 'Status', idNumber: 'ID number', resident: 'Resident record', created: 'Registered on', reason: 'Reason for rejection' },
    source: { public: 'Online by themselves', staff: 'By staff' },
    list: {
      title: 'Volunteers', lead: 'Registration, approval, teams and training; an approved volunteer gets an account.', teams: 'Teams', trainings: 'Training', join: 'Registration page', create: 'Register a volunteer',
      search: 'Name or number', approvalAll: 'Any approval', statusAll: 'Any status', skillAll: 'Any skill', empty: 'No volunteers yet', emptyFiltered: 'No volunteer matches',
      counts: 'Pending {pending} · active {active} · paused {paused} · left {left}', open: 'Open {name}', approve: 'Approve', reject: 'Reject', actionsOf: 'Actions for {name}',
      approved: "{name}'s registration approved", rejected: "{name}'s registration rejected", created: '{name} registered',
    },
    reject: { title: "Reject {name}'s registration", lead: "The reason is kept on the volunteer's record.", label: 'Reason', placeholder: 'e.g. does not live in this community', submit: 'Reject', required: 'Give the reason', tooMany: 'Too many at once: try again in {minutes} minutes' },
    account: { title: 'Volunteer account made', lead: 'Give {name} the username and the temporary password. It is shown this once and must be changed at the first login.', username: 'Username', password: 'Temporary password', copy: 'Copy', close: 'I have noted it' },
    form: { title: 'Register a volunteer', nameRequired: 'Enter the name', phoneRequired: 'Enter the mobile', phoneInvalid: 'Not a phone number', unitRequired: 'Choose the community', idHint: 'Optional: links the resident record and is needed for certificates of service' },
    record: {
      back: 'Back to volunteers', teams: 'Teams', noTeams: 'In no team', quals: 'Training and qualifications', noQuals: 'No qualifications yet', course: 'Course', granted: 'Granted', expires: 'Valid until',
      reveal: 'Show the full numbers', revealTitle: "{name}'s full numbers", revealLead: 'The reason goes to the audit log; at most 30 an hour.', revealLabel: 'Reason', revealPlaceholder: 'e.g. to arrange a service', revealSubmit: 'Show', revealRequired: 'Give the reason',
      revealed: 'Mobile {phone}; ID {id}', none: 'none', setStatus: 'Set {status}', statusSaved: 'Now {status}', linked: 'Linked', notLinked: 'Not linked',
    },
    teams: {
      title: 'Volunteer teams', lead: "Community service, party members' and student teams; members are approved volunteers of the team's unit.", create: 'New team', name: 'Team', kind: 'Kind', unit: 'Unit', members: 'Members', leaders: 'Leaders',
      empty: 'No teams yet', membersOf: 'Members of {name}', add: 'Add a member', volunteer: 'Volunteer', role: 'Role', since: 'Since', end: 'End', ended: '{name} left the team', added: '{name} added', created: '{name} created', nameRequired: 'Enter the name', unitRequired: 'Choose the unit', volunteerRequired: 'Choose a volunteer',
    },
    trainings: {
      title: 'Training and qualifications', lead: "First aid, mediation, elderly care…; attending grants the course's qualification for its validity.", courses: 'Courses', sessions: 'Sessions', quals: 'Qualifications',
      code: 'Code', course: 'Course', validity: 'Valid (months)', months: '{n} months', createCourse: 'New course', createSession: 'New session', date: 'Date', place: 'Place', trainer: 'Trainer', capacity: 'Capacity', attendees: 'Attended',
      attendance: 'Attendance', attendanceOf: 'Attendance: {course} {date}', record: 'Record attendance', recorded: '{n} attended', pick: 'Choose the volunteers who attended', empty: 'None', volunteer: 'Volunteer', state: 'State', expires: 'Valid until', revoke: 'Revoke', revokeTitle: "Revoke {name}'s {course}", revokeLead: 'The reason is kept with the qualification.', revokeLabel: 'Reason', revokeRequired: 'Give the reason', revoked: 'Revoked',
      required: 'Required', createdCourse: 'Course {name} added', createdSession: 'Session added',
    },
    join: {
      title: 'Become a volunteer', loginLink: 'Become a volunteer', lead: "Join your community's volunteers: once the community approves you, they will call you.", chooseUnit: 'Choose your community', unit: 'Community: {unit}', changeUnit: 'Choose another',
      name: 'Name', phone: 'Mobile', phoneHint: 'The community calls you on it; it is kept encrypted', idNumber: 'ID card number (optional)', idHint: 'Needed for a certificate of service; kept encrypted', idInvalid: 'Not an ID card number', skills: 'Skills (any)', availability: 'When you can help (any)', submit: 'Send',
      nameRequired: 'Enter your name', phoneRequired: 'Enter your mobile', phoneInvalid: 'Not a phone number', sent: 'Sent', sentLead: 'Thank you! The community will call you once approved and give you your volunteer account.', again: 'Register someone else', tooMany: 'Too many at once: try again in {minutes} minutes', noUnits: 'No community to join yet',
    },
  },
}
