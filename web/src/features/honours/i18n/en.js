// honours: every string of this feature (English), under its own name.
export default {
  honours: {
    nav: { ratings: 'Honours', rating: 'Rating', points: 'Household points' },
    state: {
      nominating: 'Nominating', announcing: 'In announcement', published: 'Published',
      nominated: 'Nominated', announced: 'In announcement', awarded: 'Awarded', withdrawn: 'Withdrawn',
      open: 'Open', upheld: 'Upheld', dismissed: 'Dismissed',
    },
    per: { time: 'each time', hour: 'an hour' },
    ratings: {
      title: 'Honours', lead: 'Yearly ratings such as civilised household and five-star family: nominations → public announcement (objections) → result.', create: 'New rating', community: 'Community', kind: 'Honour', year: 'Year',
      empty: 'No ratings yet', open: 'Open', counts: '{n} nominated · {a} in announcement · {w} awarded · {o} open objections', created: 'Rating started', board: 'Notice board (what residents see)',
      kinds: 'Honours listed', kindsLead: 'Kept by the administrators; communities choose from them.', kindName: 'Name', kindDescription: 'Description', addKind: 'Add an honour', kindAdded: '{name} added', retire: 'Retire', restore: 'Restore', inUse: 'In use', notInUse: 'Retired',
      required: 'Choose one', period: 'Announced {from} to {to}', awardDate: 'Awarded {date}',
    },
    rating: {
      back: 'Back to the ratings', nominees: 'Nominees', nominee: 'Household', address: 'Address', head: 'Head', reason: 'Reason', points: 'Points this year', state: 'State', nominator: 'Nominated by', objections: 'Objections',
      nominate: 'Nominate', household: 'Household', householdHint: 'Type an address or the head\'s name', reasonRequired: 'Give a reason', nominated: 'Nominated', suggestions: 'Suggested by points', suggestionsLead: 'Households with the most points this year, not nominated yet:', pick: 'Pick',
      withdraw: 'Withdraw', withdrawTitle: 'Withdraw the nomination', withdrawReason: 'Reason', withdrawn: 'Nomination withdrawn',
      openNotice: 'Open the announcement', openTitle: 'Open the announcement', start: 'Starts', end: 'Ends', openHint: 'During the period anyone may object on the notice board; the result can be published once it has ended and every objection is resolved.', opened: 'Announcement opened',
      publish: 'Publish the result', published: 'Result published', publishHint: 'Once the period has ended and every objection is resolved.', running: 'The period has not ended yet', objectionsOpen: '{n} objections still open',
      objectionList: 'Objections', noObjections: 'No objections', objReason: 'Objection', contact: 'Contact', phone: 'Phone', received: 'Lodged', resolve: 'Resolve', resolveTitle: 'Resolve the objection', decision: 'Decision', reply: 'Reply', replyRequired: 'Give a reply', resolved: 'Objection resolved', reason2: 'Reason',
      noNominees: 'No nominees yet',
    },
    points: {
      title: 'Household points', lead: 'Resident points: households earn points by the rules for taking part; a correction is a reversal, never an edit. The table lists the households who take part, never staff.', rules: 'Rules', addRule: 'Add a rule', ruleName: 'Name', rulePoints: 'Points', per: 'Counted', cap: 'Yearly cap', noCap: 'No cap', capWords: 'at most {n} a year', ruleAdded: 'Rule added', edit: 'Edit', saved: 'Saved', active: 'In use',
      award: 'Award points', rule: 'Rule', households: 'Households (several at once)', onDate: 'Date', quantity: 'Times', minutes: 'Minutes served', note: 'Note', awarded: 'Points awarded to {n} households', householdsRequired: 'Choose households', ruleRequired: 'Choose a rule',
      table: 'Households by points this year', year: 'Year', rank: 'No.', household: 'Household', pointsCol: 'Points', awardsCol: 'Awards', history: 'Points history', empty: 'No points yet',
      balance: 'Balance {b} · earned this year {y}', honours: 'Honours', reverse: 'Reverse', reverseTitle: 'Reverse these points', reverseReason: 'Reason', reversed: 'Reversed', reversedTag: 'Reversed', date: 'Date', operator: 'By',
    },
    household: {
      title: 'Points and honours', balance: 'Points balance', year: 'Earned in {year}', honour: '{kind}, {year}', noHonours: 'No honours yet', awards: 'Latest points', loadFailed: 'Points and honours could not be loaded',
    },
    board: {
      ratingTitle: '{community} · {kind} {year}', title: 'Notice board', lead: 'The community\'s honour ratings. If you disagree with a nominee, you may object during the announcement period.', announcing: 'In announcement', none: 'Nothing is being announced now', results: 'Results', noResults: 'No results published yet',
      period: 'Announced {from} to {to}', object: 'Object', objectTitle: 'Object to {who}', reason: 'Your objection', reasonHint: 'State the facts, at least 5 characters', name: 'Your name (optional)', phone: 'Phone (optional, seen by the community\'s staff only)', submit: 'Send the objection',
      sent: 'Your objection was received', sentLead: 'The community will look into it.', back: 'Back to the board', tooMany: 'Too many at once: try again in {minutes} minutes', awardedOn: 'Awarded {date}', reasonRequired: 'Write your objection', closed: 'The period has ended: no more objections',
    },
  },
}
