-- The documents indexed so far, in the new form. SET_VAR lifts MySQL 8's 1,024-byte limit on
-- GROUP_CONCAT for this statement (MariaDB reads the hint as a comment; its limit is 1 MB).
INSERT /*+ SET_VAR(group_concat_max_len = 16777216) */ INTO document_search (document_id, terms)
SELECT document_id, GROUP_CONCAT(CONCAT('t', HEX(term)) ORDER BY term SEPARATOR ' ')
FROM document_terms
GROUP BY document_id
