export default {
  shifts: {
    nav: { activities: 'Volunteer activities', hours: 'Hours approval', mine: 'My shifts', checkin: 'Check in', myHours: 'My hours' },
    units: { m: '{m} min', h: '{h} h', hm: '{h} h {m} min' },
    kind: { activity: 'Activity', standing: 'Standing service' },
    state: { confirmed: 'Signed up', waitlisted: 'Waitlist', cancelled: 'Cancelled' },
    hoursState: { pending: 'Pending', approved: 'Approved', declined: 'Declined', corrected: 'Corrected' },
    activities: {
      title: 'Volunteer activities',
      lead: 'The volunteer activities and standing services (such as the rest points of the 15-minute living circle) in your scope, staffed by shifts. For volunteers only: staff never check in and nobody is ranked.',
      create: 'New activity', empty: 'No activities yet', emptyHint: 'Add an activity, then its shifts.',
      titleLabel: 'Title', titleRequired: 'Enter a title', kind: 'Kind', unit: 'Organiser', unitRequired: 'Choose the organiser',
      place: 'Place', description: 'Description', grace: 'Check-in grace (minutes)', created: 'Added “{name}”',
      more: 'Earlier shifts', shifts: 'Shifts', pick: 'Choose an activity', noShifts: 'This activity has no shifts yet',
    },
    shift: {
      create: 'New shift', role: 'Role', roleRequired: 'Enter the role', starts: 'Starts', ends: 'Ends', timeRequired: 'Choose a time',
      capacity: 'Places', course: 'Qualification required (course)', noCourse: 'None', created: 'Shift added',
      places: '{confirmed}/{capacity}', waitlisted: '{n} waiting', roster: 'Roster', cancelled: 'Cancelled',
      qualification: 'Qualification required',
    },
    roster: {
      title: 'Shift roster', back: 'Back to the activities', code: 'Check-in QR', approveAll: 'Approve the whole shift',
      approvedAll: '{n} entries approved', noneToApprove: 'Nothing waits for approval',
      name: 'Volunteer', state: 'Sign-up', checkedIn: 'In', checkedOut: 'Out', hours: 'Hours', empty: 'Nobody has signed up',
      record: 'Record attendance', recordOf: 'Record attendance of {name}', recordTitle: 'Record attendance', in: 'Checked in', out: 'Checked out (optional)',
      recorded: 'Recorded', position: 'No. {n}',
    },
    code: {
      title: 'Check-in QR', lead: 'Volunteers scan this with their phones to check in and out. It changes every minute, so a screenshot passed on soon stops working.',
      code: 'Code', refresh: 'Updated {time}', closed: 'Check-in is not open now ({from} to {to})', alt: 'Check-in QR code of shift {id}',
    },
    hours: {
      title: 'Hours approval', lead: 'Hours made when volunteers check out, approved by the organiser; approved hours earn points by the earning rules. A decline or a correction is a new entry; nothing is deleted.',
      state: 'State', empty: 'Nothing to decide', volunteer: 'Volunteer', activity: 'Activity', when: 'When', minutes: 'Hours', points: 'Points',
      approve: 'Approve', approveOf: 'Approve the hours of {name}', approved: 'Approved', decline: 'Decline', declineOf: 'Decline the hours of {name}',
      declineTitle: 'Decline', declineLead: 'Declining approved hours reverses the points they earned.', reason: 'Reason', reasonRequired: 'Enter a reason',
      declined: 'Declined', tooMany: 'Too many attempts: try again in {n} minutes',
    },
    mine: {
      title: 'My shifts', lead: 'Sign up to the shifts of your community and street. A full shift puts you on the waitlist; places freed go to the next in order.',
      open: 'Open shifts', none: 'No open shifts now', mine: 'My sign-ups', noneMine: 'No sign-ups yet',
      signUp: 'Sign up', signUpOf: 'Sign up to {name}', signedUp: 'Signed up', waitlisted: 'The shift is full: you are on the waitlist (No. {n})',
      cancel: 'Cancel', cancelOf: 'Cancel the sign-up to {name}', cancelled: 'Sign-up cancelled', unqualified: 'Needs a valid qualification you do not hold',
      checkedIn: 'Checked in', checkedOut: 'Checked out',
    },
    checkin: {
      title: 'Check in', lead: 'Scan the QR code the organiser shows at the place to check in; scan it again at the end to check out.',
      noCode: 'Scan the shift\'s QR code with your phone\'s camera or WeChat.', shift: 'Shift {id}',
      checkIn: 'Check in', checkOut: 'Check out', inDone: 'Checked in at {time}', outDone: 'Checked out: {minutes} served, waiting for approval',
      done: 'Checked in and out of this shift', again: 'Scan again',
    },
    myHours: {
      title: 'My hours', lead: 'Your volunteer hours and the points they earned. Pending hours earn points once the organiser approves them.',
      approved: 'Approved', pending: 'Pending', points: 'Points from service', balance: 'Points balance',
      empty: 'No hours yet', emptyHint: 'Sign up to a shift and scan its code to check in and out.', earned: '+{n} points',
    },
  },
}
