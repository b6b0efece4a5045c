-- PoseCluster registry, schema version 1 (ARCHITECTURE §5). One script for SQLite and PostgreSQL:
-- {{id}} is the dialect's auto-increment primary key; times are Unix milliseconds (BIGINT).

CREATE TABLE datasets (
    name          TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    source        TEXT NOT NULL,
    registered_at BIGINT NOT NULL
);

CREATE TABLE corpus_versions (
    version      TEXT PRIMARY KEY,
    config_hash  TEXT NOT NULL,
    window_length INTEGER NOT NULL,
    stride       INTEGER NOT NULL,
    ms           DOUBLE PRECISION NOT NULL,
    msp          DOUBLE PRECISION NOT NULL,
    status       TEXT NOT NULL,
    manifest_key TEXT,
    created_at   BIGINT NOT NULL
);

CREATE TABLE corpus_datasets (
    corpus_version TEXT NOT NULL REFERENCES corpus_versions (version),
    dataset        TEXT NOT NULL REFERENCES datasets (name),
    content_hash   TEXT NOT NULL,
    PRIMARY KEY (corpus_version, dataset)
);

CREATE TABLE sequences (
    id             {{id}},
    corpus_version TEXT NOT NULL REFERENCES corpus_versions (version),
    dataset        TEXT NOT NULL,
    subject        TEXT NOT NULL,
    action         TEXT NOT NULL,
    camera         TEXT NOT NULL,
    frames         INTEGER NOT NULL,
    clips          INTEGER NOT NULL,
    status         TEXT NOT NULL,
    error          TEXT,
    UNIQUE (corpus_version, dataset, subject, action, camera)
);

CREATE TABLE shards (
    shard_key      TEXT PRIMARY KEY,
    corpus_version TEXT NOT NULL REFERENCES corpus_versions (version),
    split          TEXT NOT NULL,
    clips          BIGINT NOT NULL,
    bytes          BIGINT NOT NULL,
    sha256         TEXT NOT NULL
);

CREATE TABLE experiments (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    spec           TEXT NOT NULL,
    status         TEXT NOT NULL,
    corpus_version TEXT REFERENCES corpus_versions (version),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE attempts (
    experiment_id TEXT NOT NULL REFERENCES experiments (id),
    number        INTEGER NOT NULL,
    world_size    INTEGER NOT NULL,
    started_at    BIGINT NOT NULL,
    ended_at      BIGINT,
    reason_ended  TEXT,
    PRIMARY KEY (experiment_id, number)
);

CREATE TABLE metrics (
    id            {{id}},
    experiment_id TEXT NOT NULL REFERENCES experiments (id),
    step          BIGINT NOT NULL,
    name          TEXT NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    recorded_at   BIGINT NOT NULL
);

CREATE INDEX metrics_by_experiment_name_step ON metrics (experiment_id, name, step);

CREATE TABLE checkpoints (
    checkpoint_key TEXT PRIMARY KEY,
    experiment_id  TEXT NOT NULL REFERENCES experiments (id),
    step           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    bytes          BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);
