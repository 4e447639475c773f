package dev.pgmicro.jdbc;

import java.lang.ref.Cleaner;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Ownership of one native connection (pgm_db) and of its statements (pgm_stmt).
 *
 * <p>The ABI lets one thread at a time use a connection and its statements,
 * and pgm_interrupt from anywhere.  So the {@link Cleaner} thread never calls
 * into an open connection: a statement the application forgot to close is
 * queued as an orphan and finalized by the connection's own thread at its next
 * call ({@link #drainOrphans}).  Once the connection is closed nobody else uses
 * it, and orphans are finalized at once (pgm_close defers the free until the
 * last statement is finalized, so the order does not matter).  Close, interrupt
 * and orphan bookkeeping hold this object's monitor, so an interrupt can never
 * reach a freed handle.
 */
final class NativeDb implements Runnable {
    static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "pgmicro-cleaner");
        t.setDaemon(true);
        return t;
    });

    private long db;
    private final ConcurrentLinkedQueue<Long> orphans = new ConcurrentLinkedQueue<>();

    NativeDb(long db) {
        this.db = db;
    }

    /** The handle, or 0 once closed.  Used only by the connection's own thread. */
    long handle() {
        return db;
    }

    synchronized boolean isClosed() {
        return db == 0;
    }

    /** Finalizes statements whose Java objects were collected without close(). */
    void drainOrphans() {
        if (orphans.isEmpty()) return;
        synchronized (this) {
            Long st;
            while ((st = orphans.poll()) != null) Native.finalizeStmt(st);
        }
    }

    /** Statement cleanup: from the owning thread (explicit close) or the Cleaner thread (collected). */
    synchronized void release(long stmt, boolean fromOwner) {
        if (fromOwner || db == 0) Native.finalizeStmt(stmt);
        else orphans.add(stmt);
    }

    synchronized void interrupt() {
        if (db != 0) Native.interrupt(db);
    }

    /** Closes the connection (idempotent); also the Cleaner action of a collected connection. */
    @Override
    public synchronized void run() {
        if (db == 0) return;
        Long st;
        while ((st = orphans.poll()) != null) Native.finalizeStmt(st);
        Native.close(db);
        db = 0;
    }
}
