package dev.pgmicro.jdbc;

import java.lang.ref.Cleaner;

/**
 * One native prepared statement (pgm_stmt) and its result description,
 * finalized by {@link #close} or, if the application forgot, after its owner
 * was garbage-collected (see {@link NativeDb}).
 */
final class NativeStmt {
    private static final class Release implements Runnable {
        final NativeDb db;
        final long stmt;
        volatile boolean fromOwner;

        Release(NativeDb db, long stmt) {
            this.db = db;
            this.stmt = stmt;
        }

        @Override
        public void run() {
            db.release(stmt, fromOwner);
        }
    }

    final long stmt;
    private final Release release;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    // result description, read once
    private int columnCount = -1;
    private String[] names, typeNames;
    private int[] types, typmods;

    NativeStmt(Object owner, NativeDb db, long stmt) {
        this.stmt = stmt;
        this.release = new Release(db, stmt);
        this.cleanable = NativeDb.CLEANER.register(owner, release);
    }

    void close() {
        if (closed) return;
        closed = true;
        release.fromOwner = true;
        cleanable.clean();
    }

    boolean isClosed() {
        return closed;
    }

    int columnCount() {
        if (columnCount < 0) {
            int n = Native.columnCount(stmt);
            names = new String[n];
            typeNames = new String[n];
            types = new int[n];
            typmods = new int[n];
            for (int i = 0; i < n; i++) {
                names[i] = Native.columnName(stmt, i);
                typeNames[i] = Native.columnTypeName(stmt, i);
                types[i] = Native.columnType(stmt, i);
                typmods[i] = Native.columnTypmod(stmt, i);
            }
            columnCount = n;
        }
        return columnCount;
    }

    String name(int i) { columnCount(); return names[i]; }
    String typeName(int i) { columnCount(); return typeNames[i] == null ? Oids.nameOf(types[i]) : typeNames[i]; }
    int type(int i) { columnCount(); return types[i]; }
    int typmod(int i) { columnCount(); return typmods[i]; }
}
