/**
 * English messages of the staff controls of `<kith-ideas>`,
 * registered by their chunk (`ideas-staff.ts`).
 */
export default {
  'ideas.staff.heading': 'Staff: status and duplicates',
  'ideas.staff.status': 'Status',
  'ideas.staff.response': 'Official response (optional)',
  'ideas.staff.submit': 'Update status',
  'ideas.staff.updated': 'The status is now {status}.',
  'ideas.merge.label': 'Merge into the original: search its title',
  'ideas.merge.choose': 'Choose “{title}”',
  'ideas.merge.confirm': 'Merge this idea into “{title}”? Its votes and comments move there.',
  'ideas.merge.submit': 'Merge',
  'ideas.merge.done': 'Merged into “{title}”.',
  'ideas.merge.none': 'No other idea matches.',
  'form.cancel': 'Cancel',
} as const;
