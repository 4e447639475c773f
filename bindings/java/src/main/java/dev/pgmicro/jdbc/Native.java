package dev.pgmicro.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The native methods of libpgmicro_jni.so (src/main/c/pgmicro_jni.c), one per
 * function of the C ABI (capi/pgmicro.h) the driver uses.  Handles are the C
 * pointers as {@code long}; errors arrive as {@link SQLException}s built by
 * {@link Errors#fromNative}.  Text goes in as UTF-8 byte arrays.
 *
 * <p>The library is loaded at first use: from {@code -Dpgmicro.lib.path=/path/libpgmicro_jni.so}
 * when set, else extracted from the jar ({@code /native/<os>-<arch>/libpgmicro_jni.so})
 * to a temporary file.  Its ABI major must be {@link #ABI_VERSION}.
 */
final class Native {
    /** The ABI major this driver was written for (PGM_ABI_VERSION). */
    static final int ABI_VERSION = 1;

    static final int OK = 0, ERROR = 1, INTERRUPTED = 9, ROW = 100, DONE = 101;
    static final int OPEN_READONLY = 0x1, OPEN_NOCREATE = 0x2, OPEN_URI = 0x8;

    private Native() {}

    static {
        load();
    }

    /** Forces the class (and so the library) to load; throws what loading threw. */
    static void ensureLoaded() {}

    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        os = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.replaceAll("\\W", "");
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86-64")) arch = "x86_64";
        if (arch.equals("arm64")) arch = "aarch64";
        return os + "-" + arch;
    }

    private static void load() {
        String explicit = System.getProperty("pgmicro.lib.path");
        if (explicit != null && !explicit.isEmpty()) {
            System.load(Path.of(explicit).toAbsolutePath().toString());
        } else {
            String res = "/native/" + platform() + "/libpgmicro_jni.so";
            try (InputStream in = Native.class.getResourceAsStream(res)) {
                if (in == null)
                    throw new UnsatisfiedLinkError("pgmicro: no native library for " + platform()
                            + " in the jar (" + res + "); set -Dpgmicro.lib.path");
                Path tmp = Files.createTempFile("libpgmicro_jni", ".so");
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                System.load(tmp.toAbsolutePath().toString());
            } catch (IOException e) {
                throw new UnsatisfiedLinkError("pgmicro: cannot extract " + res + ": " + e);
            }
        }
        int abi = abiVersion();
        if (abi != ABI_VERSION)
            throw new UnsatisfiedLinkError("pgmicro: native library implements ABI " + abi
                    + ", this driver needs ABI " + ABI_VERSION);
    }

    static native int abiVersion();
    static native String libVersion();
    static native String pgVersion();

    static native long open(byte[] path, int flags) throws SQLException;
    static native void close(long db);
    static native void interrupt(long db);
    static native void setStatementTimeout(long db, long ms);
    static native void setBusyTimeout(long db, int ms);
    static native char transactionStatus(long db);
    static native void exec(long db, byte[] sql) throws SQLException;

    /** Prepares the first statement of sql[offset..]; tail[0] = offset past it; 0 when none. */
    static native long prepare(long db, byte[] sql, int offset, int[] tail) throws SQLException;
    static native void finalizeStmt(long stmt);
    static native void reset(long stmt) throws SQLException;

    static native int paramCount(long stmt);
    static native int paramType(long stmt, int i);
    static native void clearBindings(long stmt) throws SQLException;
    static native void bindNull(long stmt, int i) throws SQLException;
    static native void bindLong(long stmt, int i, long v) throws SQLException;
    static native void bindDouble(long stmt, int i, double v) throws SQLException;
    static native void bindBool(long stmt, int i, boolean v) throws SQLException;
    static native void bindText(long stmt, int i, byte[] utf8) throws SQLException;
    static native void bindBytes(long stmt, int i, byte[] bytes) throws SQLException;
    static native void bindTypedText(long stmt, int i, int oid, byte[] utf8) throws SQLException;

    /**
     * Steps once; on {@link #ROW} fills row (if not null) in one crossing:
     * null for SQL NULL, intMarker for int2/int4/int8/oid (the value in
     * ints[i]), Boolean (bool), byte[] (bytea), or PostgreSQL's text output as
     * String (every other type).
     */
    static native int step(long stmt, Object[] row, long[] ints, Object intMarker) throws SQLException;
    static native long changes(long stmt);
    static native String commandTag(long stmt);

    static native int columnCount(long stmt);
    static native String columnName(long stmt, int i);
    static native int columnType(long stmt, int i);
    static native String columnTypeName(long stmt, int i);
    static native int columnTypmod(long stmt, int i);
}
