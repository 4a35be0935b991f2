-- The context of a fact (FACTS.md, "Context fields"): the period a recalled figure belongs to, how firm it
-- is, and whether a valuation is pre- or post-money. Facts loaded before this migration are the articles' own
-- news, announced, with no basis said: the defaults.
ALTER TABLE facts ADD COLUMN IF NOT EXISTS as_of VARCHAR;
ALTER TABLE facts ADD COLUMN IF NOT EXISTS status VARCHAR DEFAULT 'announced';
ALTER TABLE facts ADD COLUMN IF NOT EXISTS basis VARCHAR;
