-- The search index, one row per document: its title's and request items' terms, each written as
-- 't' and the hex of its UTF-8 bytes (InnoDB's full-text parser splits on spaces and skips words
-- under three characters, so a two-character bigram is indexed in this form). One row and the
-- full-text cache per document instead of a B-tree row per term (document_terms): a new
-- document's index cost the database about 70 µs of CPU that way.
CREATE TABLE document_search (
  document_id BIGINT NOT NULL PRIMARY KEY,
  terms TEXT CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  FULLTEXT KEY document_search_terms (terms)
) ENGINE=InnoDB
