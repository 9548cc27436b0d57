/**
 * English messages of `<kith-qa>`'s opened question (answers, acceptance, votes, following, escalation),
 * registered by its lazily loaded view (`elements/qa/qa-thread.ts`): a page that only lists questions
 * does not carry them.
 */
export default {
  'qa.answer.heading': { one: '{count} answer', other: '{count} answers' },
  'qa.answers.none': 'No answers yet. Can you help?',
  'qa.answers.more': 'Show more answers',
  'qa.answeredAt': 'answered',
  'qa.accept': 'Accept this answer',
  'qa.unaccept': 'Remove acceptance',
  'qa.accepted': 'Accepted answer',
  'qa.acceptedAnnounce': 'Answer accepted.',
  'qa.unacceptedAnnounce': 'Acceptance removed.',
  'qa.escalation.schedule': 'Nobody answered in time, so our support team has it.',
  'qa.escalation.asker': 'The asker asked our support team for help.',
  'qa.escalation.mine': 'You asked our support team for help.',
  'qa.escalation.staff': 'Our staff passed this question to our support team.',
  'qa.escalation.resolved': 'Our support team answered this question.',
  'qa.escalate': 'I still need help',
  'qa.escalate.note': 'Sends your question to our support team.',
  'qa.escalate.later': 'No answer yet? You can ask our support team for help {time}.',
  'qa.escalate.sending': 'Sending…',
  'qa.escalate.done': 'Your question was sent to our support team.',
  'qa.follow': 'Follow this question',
  'qa.followed': 'You follow this question: you will hear about new answers.',
  'qa.unfollowed': 'You no longer follow this question.',
  'vote.upName': 'Upvote, score {score}',
  'vote.downName': 'Downvote, score {score}',
  'error.accept': 'The answer was not accepted. {reason}',
  'error.escalate': 'Your question was not sent to support. {reason}',
  'error.follow': 'Following did not change. {reason}',
} as const;
