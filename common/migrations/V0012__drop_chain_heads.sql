-- Appends lock their chain's last entry (unique chain, seq) instead of a head row: one
-- statement fewer for every audited change.
DROP TABLE chain_heads;
