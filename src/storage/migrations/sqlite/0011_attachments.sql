-- Attachments (domain/attachments): files belonging to a record, stored
-- content-addressed in the database so that every serve process and every
-- backup sees them. A blob is the bytes of one SHA-256 (hex), kept once
-- however many attachments name it, in chunks of 256 KiB (base64 text, so
-- that the same statements run on both engines).
CREATE TABLE blobs (
  hash TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE blob_chunks (
  hash TEXT NOT NULL REFERENCES blobs(hash) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (hash, seq)
);
-- An uploaded file: its name as sent, the media type decided from its bytes,
-- and the record it belongs to (record_id NULL until it is attached; uploads
-- never attached are swept after a day).
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  blob_hash TEXT NOT NULL REFERENCES blobs(hash),
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  record_type TEXT NOT NULL,
  record_id INTEGER,
  uploaded_by INTEGER NOT NULL REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  attached_at TEXT
);
CREATE INDEX attachments_record ON attachments (record_type, record_id);
CREATE INDEX attachments_unattached ON attachments (created_at) WHERE record_id IS NULL;
CREATE INDEX attachments_blob ON attachments (blob_hash);
