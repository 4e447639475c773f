package dev.pgmicro.jdbc;

/**
 * The fields of a PostgreSQL error report, as the engine produced them (the
 * counterpart of pgjdbc's ServerErrorMessage).  Every exception the driver
 * throws for an engine error implements {@link PgmicroException} and carries one.
 */
public final class ServerError {
    private final String sqlState, message, detail, hint;
    private final int position;

    ServerError(String sqlState, String message, String detail, String hint, int position) {
        this.sqlState = sqlState;
        this.message = message;
        this.detail = detail;
        this.hint = hint;
        this.position = position;
    }

    /** Five-character SQLSTATE, e.g. "23505". */
    public String getSQLState() { return sqlState; }
    /** The primary message, without severity or SQLSTATE. */
    public String getMessage() { return message; }
    /** DETAIL, or null. */
    public String getDetail() { return detail; }
    /** HINT, or null. */
    public String getHint() { return hint; }
    /** 1-based character position in the statement text, 0 when none. */
    public int getPosition() { return position; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ERROR: ").append(message);
        if (detail != null) sb.append("\n  Detail: ").append(detail);
        if (hint != null) sb.append("\n  Hint: ").append(hint);
        if (position > 0) sb.append("\n  Position: ").append(position);
        return sb.toString();
    }
}
