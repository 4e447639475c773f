package dev.pgmicro.jdbc;

/** Implemented by every SQLException the driver raises for an engine error report. */
public interface PgmicroException {
    /** The engine's error report (SQLSTATE, primary message, detail, hint, position). */
    ServerError getServerError();
}
