export default {
  certificates: {
    nav: { list: 'Certificates', mine: 'My certificates' },
    state: { valid: 'Valid', revoked: 'Revoked' },
    qstate: { valid: 'valid', expired: 'expired', revoked: 'revoked', not_yet: 'not yet valid' },
    f: {
      number: 'Certificate number', name: 'Name', id: 'ID number', vnumber: 'Volunteer number', period: 'Period', hours: 'Hours',
      content: 'Services', issuer: 'Issued by', person: 'Person in charge', handler: 'Handler', phone: 'Contact phone', issuedOn: 'Issued on',
    },
    list: {
      title: 'Certificates of service', lead: 'Certificates of the approved hours of volunteers, after the 2021 rules on volunteer records and certificates; never deleted, a wrong one is revoked with a reason. Anyone can check one by its whole number on the verification page (the ID masked).',
      state: 'State', empty: 'No certificates issued yet', print: 'Print', revoke: 'Revoke', revokeOf: 'Revoke certificate {number}', more: 'More',
    },
    issue: {
      open: 'Issue a certificate', title: 'Issue a certificate of service', submit: 'Issue',
      lead: 'Only the hours approved in the period count; pending and declined ones do not.', volunteer: 'Volunteer', volunteerHint: 'Type a name or number',
      volunteerRequired: 'Choose a volunteer', from: 'From', to: 'To', dateRequired: 'Choose a date', preview: 'Approved hours',
      approved: '{hours} approved in the period ({n} services)', none: 'No approved hours in this period: no certificate can be issued.',
      minutes: 'Certified minutes', minutesHint: 'All the approved minutes of the period by default, never more.', issuerHint: "The volunteer's community when left empty",
      personRequired: 'Enter the person in charge', handlerRequired: 'Enter the handler', phoneRequired: 'Enter a contact phone', done: 'Issued certificate {number}',
    },
    revoke: {
      title: 'Revoke the certificate', lead: 'A revoked certificate stays; the verification page shows it as revoked.', reason: 'Reason', required: 'Enter a reason',
      tooMany: 'Too many attempts; try again in {n} minutes', done: 'Revoked',
    },
    print: { reveal: 'Print the full ID number', revealTitle: 'Print the full ID number', revealLead: "The full number comes through the volunteer's reveal; the reason goes into the audit log. It is shown on this page only and never stored.", revealReason: 'Reason', revealPlaceholder: 'e.g. the volunteer needs the paper for an award', revealSubmit: 'Show and print', title: 'Print the certificate', lead: 'Print on A4, stamp it and hand it to the volunteer. The ID number is printed masked.', back: 'Back to the certificates', print: 'Print', revoked: 'This certificate is revoked: {reason}' },
    mine: {
      title: 'My certificates', lead: 'The certificates of service your community issued you, and your volunteer record.', certs: 'Certificates', none: 'No certificates yet',
      noneHint: 'When you need one, ask your community staff to issue it for your approved hours.', record: 'Volunteer record', total: 'Approved hours in all',
      services: 'Services', noServices: 'No approved services yet', training: 'Training', noTraining: 'No training yet', qualification: '{course}, valid until {until}',
    },
    verify: {
      title: 'Verify a certificate of service', lead: "Enter the certificate's whole number to see what it says and whether it is valid.", placeholder: 'e.g. 510104020001-ZM-2026-0001-K7Q2MX',
      submit: 'Verify', required: 'Enter the certificate number', unknown: 'No certificate has this number; check it and try again.', result: 'The result',
      valid: '✓ Valid certificate', revokedOn: '✗ Revoked on {at}',
    },
  },
}
