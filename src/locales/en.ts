/**
 * English messages every element uses (sign-in, votes, roles, forms, errors, times): the
 * source catalog of the core. Each feature registers its own catalog (`qa/en.ts`, `ideas/en.ts`) from
 * its element module, so a page carries only the texts of the elements it shows. Every other language
 * has exactly these keys (`de.ts`).
 */
export default {
  'signIn.link': 'Sign in',
  'vote.score': { one: '{count} vote', other: '{count} votes' },
  'role.staff': 'Staff',
  'role.moderator': 'Moderator',
  'role.expert': 'Expert',
  'member.former': 'A former member',
  'form.tooLong': 'At most {max} characters.',
  'form.posting': 'Posting…',
  'form.draftKept': 'Your text is kept as a draft.',
  'post.linksAsText':
    'Your links and images were posted as text. They work once you have taken part a little more.',
  'action.retry': 'Try again',
  'error.network': 'The community server could not be reached.',
  'error.unauthorized': 'Please sign in to do that.',
  'error.expired': 'Your session has expired. Sign in again; your text is kept.',
  'error.forbidden': 'You are not allowed to do that.',
  'error.not-found': 'That could not be found. It may have been removed.',
  'error.validation': 'Please check what you entered.',
  'error.rate-limited': 'Too many requests. Please wait {seconds} seconds and try again.',
  'error.conflict': 'That changed in the meantime. Please try again.',
  'error.unsupported': 'This community backend does not support that yet.',
  'error.config': 'Kith is not set up correctly: {message}',
  'error.vote': 'Your vote was not saved. {reason}',
  'moderation.report': 'Report',
  'moderation.hide': 'Hide',
  'time.justNow': 'just now',
} as const;
