-- Blob chunks hold their bytes as a BLOB, no longer as base64 text (a third
-- bigger). Existing chunks are converted here (dx_base64_decode, registered
-- by the SQLite backend), so every row reads the same way afterwards.
CREATE TABLE blob_chunks_bytes (
  hash TEXT NOT NULL REFERENCES blobs(hash) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (hash, seq)
);
INSERT INTO blob_chunks_bytes (hash, seq, data)
  SELECT hash, seq, dx_base64_decode(data) FROM blob_chunks;
DROP TABLE blob_chunks;
ALTER TABLE blob_chunks_bytes RENAME TO blob_chunks;
