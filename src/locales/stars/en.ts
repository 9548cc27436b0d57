/** English messages of the star pieces (`<kith-star-input>`, `<kith-rating>`, `<kith-reviews>`). */
export default {
  'stars.label': 'Rating',
  'stars.option': { one: '{count} of 5 stars', other: '{count} of 5 stars' },
  'stars.rated': 'Rated {average} out of 5',
  'stars.ratedCount': {
    zero: 'Not rated yet',
    one: 'Rated {average} out of 5, {count} review',
    other: 'Rated {average} out of 5, {count} reviews',
  },
  'stars.required': 'Choose a rating from 1 to 5 stars.',
} as const;
