// tasks: every string of this feature (English), under its own name so no feature can clash with another.
export default {
  tasks: {
    nav: { mine: 'My tasks' },
    mine: {
      title: 'My tasks',
      lead: 'Resident requests dispatched to you.',
      emptyTitle: 'No tasks yet',
      emptyText: 'Tasks arrive with resident requests: once a request is accepted and dispatched to you, it appears here for you to handle.',
      next: 'Meanwhile, check your details and change your initial password in My account.',
      goAccount: 'Go to My account',
    },
  },
}
