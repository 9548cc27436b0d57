/**
 * English messages of the own-data actions in `<kith-badge>`'s profile (download, erase; erase for
 * staff). Registered by their chunk (`badge-own-data.ts`), which only the member themself and staff load.
 */
export default {
  'members.own.heading': 'Your data',
  'members.own.staffHeading': 'Staff',
  'members.own.download': 'Download my data',
  'members.own.downloading': 'Preparing your data…',
  'members.own.downloaded': 'Your data was saved as {file}.',
  'members.own.downloadFailed': 'Your data could not be downloaded.',
  'members.own.erase': 'Erase my account…',
  'members.own.eraseOther': 'Erase this member…',
  'members.own.confirmHeading': 'Erase your account?',
  'members.own.confirmHeadingOther': 'Erase {name}?',
  'members.own.consequences':
    'Your name, avatar, follows, notifications and reports are deleted. Your questions, answers, ideas, comments, reviews and votes stay, shown as from “A former member”, so every count stays right. This cannot be undone.',
  'members.own.consequencesOther':
    'Their name, avatar, follows, notifications and reports are deleted. Their questions, answers, ideas, comments, reviews and votes stay, shown as from “A former member”, so every count stays right. This cannot be undone.',
  'members.own.confirm': 'Erase my account',
  'members.own.confirmOther': 'Erase this member',
  'members.own.cancel': 'Cancel',
  'members.own.erasing': 'Erasing…',
  'members.own.erased': 'Your account was erased.',
  'members.own.erasedOther': 'This member was erased.',
  'members.own.eraseFailed': 'The account could not be erased.',
} as const;
