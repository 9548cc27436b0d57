/**
 * English messages of what every compose form has besides its text (`common/compose-fields.ts`, in the
 * editor's chunk and the reviews member chunk): guidelines, a guest's name, the held-post thanks.
 */
export default {
  'compose.guidelines': 'Community guidelines',
  'compose.guest.name': 'Your name',
  'compose.guest.email': 'E-mail (optional, never shown)',
  'compose.guest.required': 'Enter your name.',
  'compose.guest.submit': 'Post as guest',
  'compose.held': 'Thanks — your post will appear once a moderator has approved it.',
} as const;
