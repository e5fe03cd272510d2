-- Blob chunks hold their bytes as bytea, no longer as base64 text (a third
-- bigger). Existing chunks are converted here, so every row reads the same
-- way afterwards.
ALTER TABLE blob_chunks ALTER COLUMN data TYPE bytea USING decode(data, 'base64');
