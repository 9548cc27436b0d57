/** English messages of the report and hide forms (`common/moderation-controls.ts`). */
export default {
  'moderation.flag.label': 'Why are you reporting this?',
  'moderation.flag.spam': 'Spam or advertising',
  'moderation.flag.offensive': 'Offensive or abusive',
  'moderation.flag.off-topic': 'Off-topic',
  'moderation.flag.other': 'Something else',
  'moderation.flag.submit': 'Send report',
  'moderation.flag.done': 'Reported. Thank you, our team will look at it.',
  'moderation.hide.reason': 'Reason for hiding (kept in the log)',
  'moderation.hide.submit': 'Hide it',
  'moderation.hide.done': 'It was hidden.',
  'moderation.hide.required': 'Give a reason.',
  'moderation.cancel': 'Cancel',
  'moderation.error.flag': 'Your report was not sent. {reason}',
  'moderation.error.hide': 'It was not hidden. {reason}',
} as const;
