//! The tables beside the embedded log's segments: the counts folded from the events, the
//! marks that find them, and group state. Each statement creates only what is missing, so
//! the whole of it runs at every open.

pub(super) const SCHEMA: &str = "
    -- Where events' records start in the segment files (see segments::Mark).
    CREATE TABLE IF NOT EXISTS marks (
        seq     INTEGER PRIMARY KEY,
        ts      INTEGER NOT NULL,
        segment INTEGER NOT NULL,
        offset  INTEGER NOT NULL
    );
    -- The producer-chosen ids of recent events (the dedup window), stored with the counts
    -- once a second, so start-up need not read the window's events back.
    CREATE TABLE IF NOT EXISTS dedup (
        seq INTEGER PRIMARY KEY,
        ts  INTEGER NOT NULL,
        key TEXT    NOT NULL
    );
    CREATE TABLE IF NOT EXISTS topics (
        topic   TEXT PRIMARY KEY,
        events  INTEGER NOT NULL,
        last_ts INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS groups (
        name   TEXT PRIMARY KEY,
        spec   TEXT    NOT NULL,
        cursor INTEGER NOT NULL
    );
    -- Deliveries in progress only: a completed one is deleted, so the table stays small.
    CREATE TABLE IF NOT EXISTS deliveries (
        grp      TEXT    NOT NULL,
        seq      INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        due      INTEGER NOT NULL,
        member   TEXT,
        history  TEXT    NOT NULL,
        event    BLOB,
        PRIMARY KEY (grp, seq)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS records (
        kind TEXT NOT NULL,
        id   TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS dead_letters (
        id   TEXT PRIMARY KEY,
        grp  TEXT NOT NULL,
        body TEXT NOT NULL
    ) WITHOUT ROWID;
    -- What happened to each event in each group, for following it; dropped with it.
    CREATE TABLE IF NOT EXISTS steps (
        bucket INTEGER NOT NULL,
        body   TEXT    NOT NULL
    );
    CREATE INDEX IF NOT EXISTS steps_bucket ON steps(bucket);
    -- counted_through: the seq the topic counts and bytes count through;
    -- applied_through: the seq whose commit's state changes SQLite holds (later ones are
    -- replayed from the segments); first_seq: the first event retention keeps.
    INSERT OR IGNORE INTO meta(key, value) VALUES
        ('bytes', 0), ('counted_through', 0), ('applied_through', 0), ('first_seq', 0);
";
