// notices: every string of this feature (English), under its own name. The kinds of notices
// are named by the server (GET /api/v1/labels?what=notice).
export default {
  notices: {
    nav: { page: 'Notices' },
    bell: {
      unread: 'Notices: {n} unread',
      none: 'Notices: none unread',
    },
    page: {
      title: 'Notices',
      lead: 'Requests dispatched to you, due soon or overdue, returned, sent back for rework or rated badly: opening one marks it read and opens the request.',
      readAll: 'Mark all read',
      allRead: '{n} notices marked read',
      unreadOnly: 'Unread only',
      read: 'Read',
      unread: 'Unread',
      openRead: 'Open:',
      openUnread: 'Open and mark read:',
      empty: 'No notices yet',
      emptyUnread: 'No unread notices',
      emptyHint: 'You are told here when a request is dispatched to you, is due soon or overdue, or comes back.',
    },
  },
}
