/** English messages of `<kith-inbox>` (the bell, and its panel). */
const messages = {
  'inbox.bell': {
    zero: 'Notifications',
    one: 'Notifications, {count} unread',
    other: 'Notifications, {count} unread',
  },
  'inbox.signIn': 'Notifications: sign in to see yours',
  'inbox.heading': 'Notifications',
  'inbox.close': 'Close',
  'inbox.markAllRead': 'Mark all read',
  'inbox.markedAllRead': 'All notifications are marked read.',
  'inbox.markFailed': 'Could not mark as read. {reason}',
  'inbox.new': 'New',
  'inbox.loading': 'Loading notifications…',
  'inbox.error': 'Your notifications could not be loaded.',
  'inbox.empty': 'Nothing new. Answers to your questions, replies and badges will show up here.',
  'inbox.more': 'Show more',
  'inbox.moreFailed': 'More notifications could not be loaded. {reason}',
  'inbox.announceNew': {
    one: '{count} new notification',
    other: '{count} new notifications',
  },
  'inbox.someone': 'Someone',
  'inbox.kind.answer.posted': '{actor} answered',
  'inbox.kind.answer.accepted': '{actor} accepted your answer',
  'inbox.kind.question.escalated': 'Your question was passed to the support team',
  'inbox.kind.idea.status-changed': '{actor} changed the status',
  'inbox.kind.idea.commented': '{actor} commented',
  'inbox.kind.review.replied': '{actor} replied to your review',
  'inbox.kind.badge.awarded': 'You earned a badge',
  'inbox.kind.member.warned': 'A moderator sent you a warning',
  'inbox.kind.member.suspended': 'A moderator suspended your account for a while',
  'inbox.kind.other': 'Update',
} as const;

export default messages;
