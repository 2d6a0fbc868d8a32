-- Replaced by document_search (V0008, V0009).
DROP TABLE document_terms
