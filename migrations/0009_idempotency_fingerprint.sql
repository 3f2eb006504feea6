-- A reception retried with the same Idempotency-Key must be the same request: the SHA-256 of the request's content
-- (everything but the key) is stored with the key, and a replay with another body is refused (422) instead of
-- answering with the first dossier. Null for dossiers created before this column, and for drafts.
ALTER TABLE dossiers ADD COLUMN idempotency_fingerprint text;
