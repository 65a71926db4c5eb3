//! SQL rows as the engine's types, and the queries the writer and the readers share.

use rusqlite::{Connection, params};

use super::segments::Mark;

use crate::engine::topics::TopicCounts;
use crate::engine::{StateOp, StoredDeadLetter, StoredDelivery, StoredGroup};

/// Writes pending per-topic counts and bytes, counted through seq `through`, in `tx`.
pub(super) fn fold_counts(
    tx: &rusqlite::Transaction<'_>,
    counts: &TopicCounts,
    bytes: i64,
    through: u64,
) -> rusqlite::Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO topics(topic, events, last_ts) VALUES (?1, ?2, ?3)
         ON CONFLICT(topic) DO UPDATE SET events = events + excluded.events,
             last_ts = max(last_ts, excluded.last_ts)",
    )?;
    for topic in counts.list() {
        upsert.execute(params![topic.topic, topic.events as i64, topic.last_ts_ms])?;
    }
    tx.prepare_cached("UPDATE meta SET value = value + ?1 WHERE key = 'bytes'")?
        .execute([bytes])?;
    set_meta(tx, "counted_through", through as i64)
}

/// Statements reused across one batch of state ops: looking a statement up in the cache
/// per op costs more than the op itself on the hot path (a lease per event, an ack per event).
struct GroupStatements<'tx> {
    tx: &'tx rusqlite::Transaction<'tx>,
    prepared: [Option<rusqlite::CachedStatement<'tx>>; 3],
}

impl<'tx> GroupStatements<'tx> {
    const PUT_DELIVERY: (usize, &'static str) = (
        0,
        "INSERT OR REPLACE INTO deliveries(grp, seq, attempts, due, member, history, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    );
    const REMOVE_DELIVERY: (usize, &'static str) =
        (1, "DELETE FROM deliveries WHERE grp = ?1 AND seq = ?2");
    const CURSOR: (usize, &'static str) = (2, "UPDATE groups SET cursor = ?2 WHERE name = ?1");

    fn get(
        &mut self,
        (index, sql): (usize, &'static str),
    ) -> rusqlite::Result<&mut rusqlite::CachedStatement<'tx>> {
        if self.prepared[index].is_none() {
            self.prepared[index] = Some(self.tx.prepare_cached(sql)?);
        }
        Ok(self.prepared[index].as_mut().expect("just prepared"))
    }
}

pub(super) fn write_group_ops<'tx>(
    tx: &'tx rusqlite::Transaction<'tx>,
    ops: &[StateOp],
) -> rusqlite::Result<()> {
    let mut statements = GroupStatements {
        tx,
        prepared: [None, None, None],
    };
    for op in ops {
        match op {
            StateOp::PutDelivery { group, delivery } => {
                statements
                    .get(GroupStatements::PUT_DELIVERY)?
                    .execute(params![
                        group,
                        delivery.seq as i64,
                        delivery.attempts,
                        delivery.due_ms,
                        delivery.member.as_deref(),
                        delivery.history.as_deref().unwrap_or("[]"),
                        delivery.event.as_deref(),
                    ])?;
            }
            StateOp::RemoveDelivery { group, seq } => {
                statements
                    .get(GroupStatements::REMOVE_DELIVERY)?
                    .execute(params![group, *seq as i64])?;
            }
            StateOp::Cursor { name, cursor } => {
                statements
                    .get(GroupStatements::CURSOR)?
                    .execute(params![name, *cursor as i64])?;
            }
            StateOp::PutGroup {
                name, spec, cursor, ..
            } => {
                tx.prepare_cached(
                    "INSERT INTO groups(name, spec, cursor) VALUES (?1, ?2, ?3)
                     ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, cursor = excluded.cursor",
                )?
                .execute(params![name, spec, *cursor as i64])?;
            }
            StateOp::DeleteGroup { name } => {
                tx.prepare_cached("DELETE FROM deliveries WHERE grp = ?1")?
                    .execute([name])?;
                tx.prepare_cached("DELETE FROM groups WHERE name = ?1")?
                    .execute([name])?;
            }
            StateOp::ResetGroup { name, cursor } => {
                tx.prepare_cached("DELETE FROM deliveries WHERE grp = ?1")?
                    .execute([name])?;
                statements
                    .get(GroupStatements::CURSOR)?
                    .execute(params![name, *cursor as i64])?;
            }
            StateOp::PutDeadLetter(letter) => {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO dead_letters(id, grp, body) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![letter.id, letter.group, letter.body])?;
            }
            StateOp::RemoveDeadLetter { id } => {
                tx.prepare_cached("DELETE FROM dead_letters WHERE id = ?1")?
                    .execute([id])?;
            }
            StateOp::PutRecord { kind, id, body } => {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO records(kind, id, body) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![kind, id, body])?;
            }
            StateOp::RemoveRecord { kind, id } => {
                tx.prepare_cached("DELETE FROM records WHERE kind = ?1 AND id = ?2")?
                    .execute(params![kind, id])?;
            }
            StateOp::PutSteps { bucket, body } => {
                tx.prepare_cached("INSERT INTO steps(bucket, body) VALUES (?1, ?2)")?
                    .execute(params![*bucket as i64, body])?;
            }
        }
    }
    Ok(())
}

pub(super) fn load_groups(conn: &Connection) -> rusqlite::Result<Vec<StoredGroup>> {
    let mut groups: Vec<StoredGroup> = conn
        .prepare("SELECT name, spec, cursor FROM groups ORDER BY name")?
        .query_map([], |row| {
            Ok(StoredGroup {
                name: row.get(0)?,
                spec: row.get(1)?,
                cursor: row.get::<_, i64>(2)? as u64,
                deliveries: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut select = conn.prepare(
        "SELECT seq, attempts, due, member, history, event FROM deliveries WHERE grp = ?1 ORDER BY seq",
    )?;
    for group in &mut groups {
        group.deliveries = select
            .query_map([&group.name], |row| {
                Ok(StoredDelivery {
                    seq: row.get::<_, i64>(0)? as u64,
                    attempts: row.get(1)?,
                    due_ms: row.get(2)?,
                    member: row.get::<_, Option<String>>(3)?.map(std::sync::Arc::from),
                    history: Some(row.get(4)?),
                    event: row.get::<_, Option<Vec<u8>>>(5)?.map(bytes::Bytes::from),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(groups)
}

pub(super) fn dead_letter_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDeadLetter> {
    Ok(StoredDeadLetter {
        id: row.get(0)?,
        group: row.get(1)?,
        body: row.get(2)?,
    })
}

/// The marks stored so far (see `segments::Mark`).
pub(super) fn load_marks(conn: &Connection) -> rusqlite::Result<Vec<Mark>> {
    conn.prepare("SELECT seq, ts, segment, offset FROM marks ORDER BY seq")?
        .query_map([], |row| {
            Ok(Mark {
                seq: row.get::<_, i64>(0)? as u64,
                ts_ms: row.get(1)?,
                segment: row.get::<_, i64>(2)? as u64,
                offset: row.get::<_, i64>(3)? as u64,
            })
        })?
        .collect()
}

pub(super) fn save_marks(tx: &rusqlite::Transaction<'_>, marks: &[Mark]) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO marks(seq, ts, segment, offset) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for mark in marks {
        insert.execute(params![
            mark.seq as i64,
            mark.ts_ms,
            mark.segment as i64,
            mark.offset as i64
        ])?;
    }
    Ok(())
}

/// A value of the `meta` table.
pub(super) fn meta(conn: &Connection, key: &str) -> rusqlite::Result<i64> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
        row.get(0)
    })
}

pub(super) fn set_meta(conn: &Connection, key: &str, value: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE meta SET value = ?2 WHERE key = ?1")?
        .execute(params![key, value])?;
    Ok(())
}

/// A dedup key as stored: the event's seq, its commit time, and the key.
pub(super) type Keyed = (u64, i64, String);

/// What committed events add to the per-topic counts, the log's bytes and the dedup keys,
/// not yet in SQLite: all three are stored together, once a second.
#[derive(Default, Clone)]
pub(super) struct Unsaved {
    pub topics: TopicCounts,
    pub bytes: i64,
    pub keys: Vec<Keyed>,
}

impl Unsaved {
    /// Adds one committed event.
    pub fn add_event(
        &mut self,
        seq: u64,
        ts_ms: i64,
        topic: &str,
        dedup: Option<&str>,
        len: usize,
    ) {
        self.topics.add(topic, 1, ts_ms);
        self.bytes += len as i64;
        if let Some(key) = dedup {
            self.keys.push((seq, ts_ms, key.to_owned()));
        }
    }

    /// Adds what `other` holds.
    pub fn absorb(&mut self, other: Unsaved) {
        self.topics.merge(&other.topics);
        self.bytes += other.bytes;
        self.keys.extend(other.keys);
    }
}

/// Stores the dedup keys of newly committed events and forgets those older than `since_ms`.
pub(super) fn save_keys(
    tx: &rusqlite::Transaction<'_>,
    keys: &[Keyed],
    since_ms: i64,
) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare_cached("INSERT OR REPLACE INTO dedup(seq, ts, key) VALUES (?1, ?2, ?3)")?;
    for (seq, ts, key) in keys {
        insert.execute(params![*seq as i64, ts, key])?;
    }
    // Commit times rise with seqs: what expired is a run of the smallest seqs, found
    // through the primary key without reading the keys that stay.
    tx.prepare_cached(
        "DELETE FROM dedup WHERE seq < coalesce(
             (SELECT seq FROM dedup WHERE ts >= ?1 ORDER BY seq LIMIT 1), 9223372036854775807)",
    )?
    .execute([since_ms])?;
    Ok(())
}

/// The stored dedup keys committed at or after `since_ms`, of events from `first` on.
pub(super) fn load_keys(
    conn: &Connection,
    since_ms: i64,
    first: u64,
) -> rusqlite::Result<Vec<Keyed>> {
    conn.prepare("SELECT seq, ts, key FROM dedup WHERE ts >= ?1 AND seq >= ?2 ORDER BY seq")?
        .query_map(params![since_ms, first as i64], |row| {
            Ok((row.get::<_, i64>(0)? as u64, row.get(1)?, row.get(2)?))
        })?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(conn: &mut Connection, keys: &[Keyed], since_ms: i64) -> Vec<u64> {
        let tx = conn.transaction().unwrap();
        save_keys(&tx, keys, since_ms).unwrap();
        tx.commit().unwrap();
        load_keys(conn, i64::MIN, 0)
            .unwrap()
            .into_iter()
            .map(|(seq, _, _)| seq)
            .collect()
    }

    #[test]
    fn dedup_keys_older_than_the_window_go_and_the_rest_stay() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(super::super::schema::SCHEMA).unwrap();
        let keys: Vec<Keyed> = [(1, 100), (2, 100), (5, 200), (9, 300)]
            .into_iter()
            .map(|(seq, ts)| (seq, ts, format!("k{seq}")))
            .collect();
        assert_eq!(stored(&mut conn, &keys, 0), [1, 2, 5, 9]);
        assert_eq!(stored(&mut conn, &[], 150), [5, 9]);
        assert_eq!(stored(&mut conn, &[(12, 400, "k12".into())], 350), [12]);
        assert_eq!(stored(&mut conn, &[], 1_000), Vec::<u64>::new());
        assert_eq!(load_keys(&conn, 0, 0).unwrap().len(), 0);
    }
}
