-- Search index: character bigrams of titles and request items (no full scans).
CREATE TABLE document_terms (
  term VARCHAR(32) NOT NULL,
  document_id BIGINT NOT NULL,
  PRIMARY KEY (term, document_id),
  KEY document_terms_document (document_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
