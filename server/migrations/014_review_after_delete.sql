-- A review deleted by staff is gone for good, also for its author, who may then write a new one: one
-- review per member and product counts only reviews that are not deleted.
ALTER TABLE reviews DROP CONSTRAINT reviews_author_unique;
CREATE UNIQUE INDEX reviews_author_unique ON reviews (site, product, author)
  WHERE visibility <> 'deleted';
