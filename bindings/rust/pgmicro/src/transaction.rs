//! [`Transaction`]: a transaction block that rolls back unless committed.

use std::ops::Deref;

use crate::error::{Error, Result};
use crate::{Connection, TransactionStatus};

/// What a [`Transaction`] does when dropped without
/// [`commit`](Transaction::commit) or [`rollback`](Transaction::rollback).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DropBehavior {
    /// Roll back (the default).
    Rollback,
    /// Commit (errors are ignored: commit explicitly to see them).
    Commit,
    /// Leave the transaction block open.
    Ignore,
}

/// A transaction block (`BEGIN` ... `COMMIT`), from
/// [`Connection::transaction`].  It dereferences to the [`Connection`], so
/// statements run through it; dropped without
/// [`commit`](Transaction::commit) it rolls back.
///
/// ```
/// use pgmicro::Connection;
/// let mut conn = Connection::open_in_memory()?;
/// conn.execute_batch("CREATE TABLE acct (id int PRIMARY KEY, balance int CHECK (balance >= 0))")?;
/// conn.execute_batch("INSERT INTO acct VALUES (1, 10), (2, 0)")?;
/// let tx = conn.transaction()?;
/// tx.execute("UPDATE acct SET balance = balance + 20 WHERE id = 2", [])?;
/// let overdrawn = tx.execute("UPDATE acct SET balance = balance - 20 WHERE id = 1", []);
/// assert_eq!(overdrawn.unwrap_err().sqlstate(), Some("23514"));
/// tx.rollback()?;
/// let total: i64 = conn.query_row("SELECT sum(balance) FROM acct", [], |r| r.get(0))?;
/// assert_eq!(total, 10);
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[derive(Debug)]
pub struct Transaction<'conn> {
    conn: &'conn Connection,
    drop_behavior: DropBehavior,
    finished: bool,
}

impl<'conn> Transaction<'conn> {
    pub(crate) fn new(conn: &'conn Connection) -> Result<Transaction<'conn>> {
        if conn.transaction_status() != TransactionStatus::Idle {
            return Err(Error::TransactionActive);
        }
        conn.execute_batch("BEGIN")?;
        Ok(Transaction { conn, drop_behavior: DropBehavior::Rollback, finished: false })
    }

    /// What happens when the transaction is dropped unfinished.
    ///
    /// ```
    /// let mut conn = pgmicro::Connection::open_in_memory()?;
    /// assert_eq!(conn.transaction()?.drop_behavior(), pgmicro::DropBehavior::Rollback);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn drop_behavior(&self) -> DropBehavior {
        self.drop_behavior
    }

    /// Sets what happens when the transaction is dropped unfinished.
    ///
    /// ```
    /// use pgmicro::{Connection, DropBehavior};
    /// let mut conn = Connection::open_in_memory()?;
    /// conn.execute_batch("CREATE TABLE t (x int)")?;
    /// {
    ///     let mut tx = conn.transaction()?;
    ///     tx.set_drop_behavior(DropBehavior::Commit);
    ///     tx.execute("INSERT INTO t VALUES (1)", [])?;
    /// }
    /// assert_eq!(conn.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))?, 1);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn set_drop_behavior(&mut self, behavior: DropBehavior) {
        self.drop_behavior = behavior;
    }

    /// Commits.  A transaction that failed (an earlier statement errored) is
    /// rolled back by PostgreSQL's `COMMIT`: that returns
    /// [`Error::CommitRolledBack`].
    ///
    /// ```
    /// let mut conn = pgmicro::Connection::open_in_memory()?;
    /// let tx = conn.transaction()?;
    /// assert!(tx.execute("SELECT 1/0", []).is_err());
    /// assert!(matches!(tx.commit(), Err(pgmicro::Error::CommitRolledBack)));
    /// assert!(conn.is_autocommit());
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn commit(mut self) -> Result<()> {
        self.finish_commit()
    }

    fn finish_commit(&mut self) -> Result<()> {
        self.finished = true;
        let failed = self.conn.transaction_status() == TransactionStatus::Failed;
        let mut stmt = self.conn.prepare("COMMIT")?;
        stmt.execute([])?;
        if failed || stmt.command_tag().as_deref() == Some("ROLLBACK") {
            return Err(Error::CommitRolledBack);
        }
        Ok(())
    }

    /// Rolls back.
    ///
    /// ```
    /// let mut conn = pgmicro::Connection::open_in_memory()?;
    /// conn.transaction()?.rollback()?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn rollback(mut self) -> Result<()> {
        self.finish_rollback()
    }

    fn finish_rollback(&mut self) -> Result<()> {
        self.finished = true;
        self.conn.execute_batch("ROLLBACK")
    }

    /// Ends the transaction as [`drop_behavior`](Transaction::drop_behavior)
    /// says, reporting errors (dropping ignores them).
    ///
    /// ```
    /// let mut conn = pgmicro::Connection::open_in_memory()?;
    /// conn.transaction()?.finish()?;
    /// assert!(conn.is_autocommit());
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn finish(mut self) -> Result<()> {
        self.finish_by_behavior()
    }

    fn finish_by_behavior(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        if self.conn.is_autocommit() {
            // Ended by hand (COMMIT/ROLLBACK run through the connection).
            return Ok(());
        }
        match self.drop_behavior {
            DropBehavior::Rollback => self.finish_rollback(),
            DropBehavior::Commit => self.finish_commit(),
            DropBehavior::Ignore => Ok(()),
        }
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        let _ = self.finish_by_behavior();
    }
}
