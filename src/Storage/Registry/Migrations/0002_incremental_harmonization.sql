-- PoseCluster registry, schema version 2 (issue 13): incremental harmonization. One script for SQLite
-- and PostgreSQL; booleans are INTEGER 0/1. Columns added to existing tables are NULL for older rows.

-- A dataset's kind (its name may differ from its kind) and the cheap fingerprint of its last ingestion.
ALTER TABLE datasets ADD COLUMN kind TEXT;
ALTER TABLE datasets ADD COLUMN fingerprint TEXT;

-- Every file a dataset's loader reads, as its last ingestion found it: the previous fingerprints of the
-- next scan (a file whose size, time and header hash are unchanged keeps its SHA-256 and is not read).
CREATE TABLE dataset_files (
    dataset        TEXT NOT NULL REFERENCES datasets (name),
    path           TEXT NOT NULL,
    bytes          BIGINT NOT NULL,
    modified_ticks BIGINT NOT NULL,
    header_hash    TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    PRIMARY KEY (dataset, path)
);

-- A corpus version's lineage and reuse decision: its parent, the version whose shards and triangle it
-- keeps (null when every clip was projected afresh), the triangle derived from all its datasets' sums
-- (ms/msp stay the triangle its clips are on) and how far that moved from the parent's.
ALTER TABLE corpus_versions ADD COLUMN parent_version TEXT REFERENCES corpus_versions (version);
ALTER TABLE corpus_versions ADD COLUMN reused_version TEXT REFERENCES corpus_versions (version);
ALTER TABLE corpus_versions ADD COLUMN derived_ms DOUBLE PRECISION;
ALTER TABLE corpus_versions ADD COLUMN derived_msp DOUBLE PRECISION;
ALTER TABLE corpus_versions ADD COLUMN moved_mm DOUBLE PRECISION;

-- Each dataset's Eq. 1 partial sums in a version (Ms/Msp derive from them) and whether its shards are the parent's.
ALTER TABLE corpus_datasets ADD COLUMN kind TEXT;
ALTER TABLE corpus_datasets ADD COLUMN shoulder_width_sum_mm DOUBLE PRECISION;
ALTER TABLE corpus_datasets ADD COLUMN shoulder_to_pelvis_sum_mm DOUBLE PRECISION;
ALTER TABLE corpus_datasets ADD COLUMN sum_frames BIGINT;
ALTER TABLE corpus_datasets ADD COLUMN reused INTEGER;

-- A sequence's stage-1 result (its unit and the unit's content hash, computed or cached, key frame,
-- partial sums) and stage-2 fit (Kabsch residual, split).
ALTER TABLE sequences ADD COLUMN unit TEXT;
ALTER TABLE sequences ADD COLUMN unit_hash TEXT;
ALTER TABLE sequences ADD COLUMN stage1 TEXT;
ALTER TABLE sequences ADD COLUMN key_frame INTEGER;
ALTER TABLE sequences ADD COLUMN shoulder_width_sum_mm DOUBLE PRECISION;
ALTER TABLE sequences ADD COLUMN shoulder_to_pelvis_sum_mm DOUBLE PRECISION;
ALTER TABLE sequences ADD COLUMN sum_frames BIGINT;
ALTER TABLE sequences ADD COLUMN rmsd_mm DOUBLE PRECISION;
ALTER TABLE sequences ADD COLUMN split TEXT;

-- The dataset a shard holds, and which shards make up each version: a version may list shards its
-- parent wrote (shards.corpus_version stays the version that wrote the shard).
ALTER TABLE shards ADD COLUMN dataset TEXT;

CREATE TABLE corpus_shards (
    corpus_version TEXT NOT NULL REFERENCES corpus_versions (version),
    shard_key      TEXT NOT NULL REFERENCES shards (shard_key),
    PRIMARY KEY (corpus_version, shard_key)
);

INSERT INTO corpus_shards (corpus_version, shard_key) SELECT corpus_version, shard_key FROM shards;
