package dev.pgmicro.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;

/**
 * SQLExceptions by SQLSTATE class, the JDBC 4 way:
 *
 * <pre>
 *   08xxx        SQLNonTransientConnectionException
 *   0Axxx        SQLFeatureNotSupportedException
 *   22xxx        SQLDataException
 *   23xxx        SQLIntegrityConstraintViolationException
 *   25P02, 40xxx SQLTransactionRollbackException (the transaction must be rolled back)
 *   28xxx        SQLInvalidAuthorizationSpecException
 *   42xxx        SQLSyntaxErrorException
 *   55P03        SQLTransientException (lock not available: retry)
 *   57014        SQLTimeoutException (cancel() or the query timeout)
 *   otherwise    SQLException
 * </pre>
 *
 * Each class is a subclass implementing {@link PgmicroException}.
 */
public final class Errors {
    private Errors() {}

    /** Called by the native code for every failed ABI call. */
    static SQLException fromNative(int code, String state, String message, String detail, String hint, int position) {
        return create(new ServerError(state, message, detail, hint, position));
    }

    static SQLException create(String state, String message) {
        return create(new ServerError(state, message, null, null, 0));
    }

    static SQLException create(ServerError e) {
        String s = e.getSQLState() == null ? "XX000" : e.getSQLState();
        String m = e.toString();
        if (s.equals("57014")) return new TimeoutException(m, e);
        if (s.equals("25P02")) return new TransactionRollbackException(m, e);
        if (s.equals("55P03")) return new TransientException(m, e);
        switch (s.substring(0, 2)) {
            case "08": return new ConnectionException(m, e);
            case "0A": return new FeatureNotSupportedException(m, e);
            case "22": return new DataException(m, e);
            case "23": return new IntegrityConstraintViolationException(m, e);
            case "28": return new InvalidAuthorizationSpecException(m, e);
            case "40": return new TransactionRollbackException(m, e);
            case "42": return new SyntaxErrorException(m, e);
            default: return new PgSQLException(m, e);
        }
    }

    static SQLFeatureNotSupportedException notSupported(String what) {
        return new FeatureNotSupportedException("ERROR: " + what + " is not supported by pgmicro",
                new ServerError("0A000", what + " is not supported by pgmicro", null, null, 0));
    }

    static SQLException closed(String what) {
        return new ConnectionException("ERROR: this " + what + " has been closed",
                new ServerError("08003", "this " + what + " has been closed", null, null, 0));
    }

    public static class PgSQLException extends SQLException implements PgmicroException {
        private final transient ServerError err;
        PgSQLException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class ConnectionException extends SQLNonTransientConnectionException implements PgmicroException {
        private final transient ServerError err;
        ConnectionException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class FeatureNotSupportedException extends SQLFeatureNotSupportedException implements PgmicroException {
        private final transient ServerError err;
        FeatureNotSupportedException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class DataException extends SQLDataException implements PgmicroException {
        private final transient ServerError err;
        DataException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class IntegrityConstraintViolationException extends SQLIntegrityConstraintViolationException
            implements PgmicroException {
        private final transient ServerError err;
        IntegrityConstraintViolationException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class InvalidAuthorizationSpecException extends SQLInvalidAuthorizationSpecException
            implements PgmicroException {
        private final transient ServerError err;
        InvalidAuthorizationSpecException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class TransactionRollbackException extends SQLTransactionRollbackException implements PgmicroException {
        private final transient ServerError err;
        TransactionRollbackException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class SyntaxErrorException extends SQLSyntaxErrorException implements PgmicroException {
        private final transient ServerError err;
        SyntaxErrorException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class TransientException extends SQLTransientException implements PgmicroException {
        private final transient ServerError err;
        TransientException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }

    public static class TimeoutException extends SQLTimeoutException implements PgmicroException {
        private final transient ServerError err;
        TimeoutException(String m, ServerError e) { super(m, e.getSQLState()); err = e; }
        @Override public ServerError getServerError() { return err; }
    }
}
