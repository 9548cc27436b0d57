/** English messages of the Markdown editor, registered by its chunk (`elements/common/editor.ts`). */
export default {
  'editor.write': 'Write',
  'editor.preview': 'Preview',
  'editor.hint': 'Markdown: **bold**, _italic_, `code`, [links](https://…), lists.',
  'editor.previewEmpty': 'Nothing to preview yet.',
  'editor.previewLoading': 'Rendering preview…',
  'editor.count': '{count} of {max} characters',
} as const;
