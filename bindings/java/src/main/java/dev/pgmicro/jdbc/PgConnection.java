package dev.pgmicro.jdbc;

import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;

/**
 * A connection to one pgmicro database (a pgm_db).
 *
 * <p>Transactions: with auto-commit on every statement commits by itself (or
 * runs inside the application's own BEGIN ... COMMIT).  With auto-commit off
 * the driver sends BEGIN before the first statement that finds no
 * transaction open, and {@link #commit}/{@link #rollback} end it.
 *
 * <p>Threads: one thread at a time per connection (the C ABI's rule);
 * {@link Statement#cancel} is the one call meant for another thread.
 */
public class PgConnection extends AbstractConnection {
    private final String url;
    private final NativeDb db;
    private final Cleaner.Cleanable cleanable;
    private final Properties info;
    private final Set<PgStatement> statements = Collections.newSetFromMap(new WeakHashMap<>());
    private boolean autoCommit = true;
    private boolean readOnly;
    private long timeoutMs; // the statement_timeout last given to the engine
    private int savepointId;
    private SQLWarning warnings;

    PgConnection(String url, String path, int flags, Properties info) throws SQLException {
        Native.ensureLoaded();
        this.url = url;
        this.info = info;
        long h = Native.open(path.getBytes(StandardCharsets.UTF_8), flags);
        this.db = new NativeDb(h);
        this.cleanable = NativeDb.CLEANER.register(this, db);
        this.readOnly = (flags & Native.OPEN_READONLY) != 0;
        String busy = info.getProperty("busyTimeout");
        if (busy != null) Native.setBusyTimeout(h, Integer.parseInt(busy.trim()));
    }

    // ---- internals shared with statements ----

    NativeDb nativeDb() {
        return db;
    }

    long handle() throws SQLException {
        long h = db.handle();
        if (h == 0) throw Errors.closed("connection");
        return h;
    }

    Properties info() {
        return info;
    }

    String url() {
        return url;
    }

    /** Before running a statement: finalize orphans, open the implicit transaction, set the timeout. */
    void beforeExecute(int queryTimeoutSeconds) throws SQLException {
        long h = handle();
        db.drainOrphans();
        if (!autoCommit && Native.transactionStatus(h) == 'I') Native.exec(h, bytes("BEGIN"));
        long ms = queryTimeoutSeconds * 1000L;
        if (ms != timeoutMs) {
            Native.setStatementTimeout(h, ms);
            timeoutMs = ms;
        }
    }

    /** Prepares one statement (the first of sql); throws when sql holds none. */
    NativeStmt prepare(Object owner, String sql) throws SQLException {
        long h = handle();
        db.drainOrphans();
        byte[] b = bytes(sql);
        int[] tail = new int[1];
        long st = Native.prepare(h, b, 0, tail);
        if (st == 0) throw Errors.create("42601", "empty query");
        NativeStmt ns = new NativeStmt(owner, db, st);
        if (!SqlText.isBlank(new String(b, tail[0], b.length - tail[0], StandardCharsets.UTF_8), 0)) {
            ns.close();
            throw Errors.create("42601", "cannot insert multiple commands into a prepared statement");
        }
        return ns;
    }

    void register(PgStatement s) {
        synchronized (statements) {
            statements.add(s);
        }
    }

    void unregister(PgStatement s) {
        synchronized (statements) {
            statements.remove(s);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void execInternal(String sql) throws SQLException {
        long h = handle();
        db.drainOrphans();
        Native.exec(h, bytes(sql));
    }

    /**
     * Runs a query of the SQLite dialect (the catalog queries of
     * DatabaseMetaData read pgmicro's own tables with it) and switches back
     * to PostgreSQL once its first row is fetched: a statement is re-analysed
     * at its first step in the dialect current then (see README).
     */
    ResultSet querySqliteDialect(String sql, String... params) throws SQLException {
        execInternal("SET pgmicro.dialect = 'sqlite'");
        try {
            PgPreparedStatement ps = new PgPreparedStatement(this, sql);
            for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
            ps.closeOnCompletion();
            return ps.executeQuery();
        } finally {
            execInternal("SELECT pgmicro_dialect('postgres')");
        }
    }

    /** The transaction status: 'I' idle, 'T' in a transaction, 'E' in a failed transaction. */
    public char getTransactionStatus() throws SQLException {
        return Native.transactionStatus(handle());
    }

    /** Prepares SQL that already uses PostgreSQL's $1, $2 ... placeholders, without rewriting '?'. */
    public PgPreparedStatement prepareNative(String sql) throws SQLException {
        handle();
        return new PgPreparedStatement(this, sql);
    }

    // ---- java.sql.Connection ----

    @Override
    public Statement createStatement() throws SQLException {
        handle();
        return new PgStatement(this);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        checkResultSetKind(type, concurrency);
        return createStatement();
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkResultSetKind(type, concurrency);
        return createStatement();
    }

    private void checkResultSetKind(int type, int concurrency) throws SQLException {
        if (concurrency != ResultSet.CONCUR_READ_ONLY) throw Errors.notSupported("updatable result sets");
        if (type != ResultSet.TYPE_FORWARD_ONLY)
            addWarning(new SQLWarning("pgmicro: result sets are forward-only; the requested type was downgraded"));
    }

    private void addWarning(SQLWarning w) {
        if (warnings == null) warnings = w;
        else warnings.setNextWarning(w);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        handle();
        return new PgPreparedStatement(this, SqlText.rewrite(sql).sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        checkResultSetKind(type, concurrency);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        checkResultSetKind(type, concurrency);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS) throw Errors.notSupported("getGeneratedKeys");
        return prepareStatement(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return SqlText.rewrite(sql).sql;
    }

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        long h = handle();
        if (on == autoCommit) return;
        if (on && Native.transactionStatus(h) != 'I') execInternal("COMMIT");
        autoCommit = on;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        handle();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        long h = handle();
        if (autoCommit) throw Errors.create("25000", "cannot commit when autoCommit is enabled");
        if (Native.transactionStatus(h) != 'I') {
            boolean failed = Native.transactionStatus(h) == 'E';
            execInternal("COMMIT");
            if (failed)
                throw Errors.create("25P02",
                        "the transaction was aborted by an earlier error and has been rolled back");
        }
    }

    @Override
    public void rollback() throws SQLException {
        long h = handle();
        if (autoCommit) throw Errors.create("25000", "cannot rollback when autoCommit is enabled");
        if (Native.transactionStatus(h) != 'I') execInternal("ROLLBACK");
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return setSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        handle();
        if (autoCommit) throw Errors.create("25000", "cannot establish a savepoint in auto-commit mode");
        PgSavepoint sp = name == null ? new PgSavepoint(++savepointId) : new PgSavepoint(name);
        beforeExecute(0);
        execInternal("SAVEPOINT " + sp.identifier());
        return sp;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        handle();
        execInternal("ROLLBACK TO SAVEPOINT " + PgSavepoint.of(savepoint).identifier());
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        handle();
        execInternal("RELEASE SAVEPOINT " + PgSavepoint.of(savepoint).identifier());
    }

    /**
     * pgmicro runs every transaction serializably (SQLite's locking); a
     * request for a weaker level is accepted and served by SERIALIZABLE, the
     * stronger substitute JDBC allows.  TRANSACTION_NONE is refused.
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        handle();
        switch (level) {
            case TRANSACTION_READ_UNCOMMITTED:
            case TRANSACTION_READ_COMMITTED:
            case TRANSACTION_REPEATABLE_READ:
            case TRANSACTION_SERIALIZABLE:
                return;
            default:
                throw Errors.notSupported("transaction isolation level " + level);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        handle();
        return TRANSACTION_SERIALIZABLE;
    }

    @Override
    public void close() throws SQLException {
        if (db.isClosed()) return;
        ArrayList<PgStatement> open;
        synchronized (statements) {
            open = new ArrayList<>(statements);
            statements.clear();
        }
        for (PgStatement s : open) s.closeFromConnection();
        cleanable.clean(); // NativeDb.run(): finalize orphans, pgm_close (rolls back an open transaction)
    }

    @Override
    public boolean isClosed() {
        return db.isClosed();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) throw Errors.create("22023", "timeout must not be negative");
        return !db.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        handle();
        return new PgDatabaseMetaData(this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        handle();
        this.readOnly = readOnly; // a hint, as JDBC allows
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        handle();
        return readOnly;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        handle(); // ignored, as JDBC allows
    }

    @Override
    public String getCatalog() throws SQLException {
        handle();
        return null;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        handle();
        if (schema != null && !schema.equals("public")) throw Errors.notSupported("schemas other than public");
    }

    @Override
    public String getSchema() throws SQLException {
        handle();
        return "public";
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        handle();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        handle();
        warnings = null;
    }

    @Override
    public int getHoldability() throws SQLException {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) throw Errors.notSupported("holdable cursors");
    }

    @Override
    public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
        return new java.util.HashMap<>();
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return new Properties();
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return null;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        db.interrupt();
        if (executor != null) executor.execute(() -> {
            try {
                close();
            } catch (SQLException ignored) {
                // closing never fails
            }
        });
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        handle(); // no network
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return 0;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw Errors.create("42000", "not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
