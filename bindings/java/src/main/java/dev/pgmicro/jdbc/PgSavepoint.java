package dev.pgmicro.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A savepoint: unnamed ones are called pgm_sp_N in SQL. */
final class PgSavepoint implements Savepoint {
    private final int id;
    private final String name;

    PgSavepoint(int id) {
        this.id = id;
        this.name = null;
    }

    PgSavepoint(String name) {
        this.id = 0;
        this.name = name;
    }

    static PgSavepoint of(Savepoint s) throws SQLException {
        if (s instanceof PgSavepoint) return (PgSavepoint) s;
        throw Errors.create("3B001", "not a savepoint of this driver");
    }

    /** The savepoint's name as an SQL identifier. */
    String identifier() {
        if (name == null) return "pgm_sp_" + id;
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) throw Errors.create("3B001", "cannot get the id of a named savepoint");
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) throw Errors.create("3B001", "cannot get the name of an unnamed savepoint");
        return name;
    }
}
