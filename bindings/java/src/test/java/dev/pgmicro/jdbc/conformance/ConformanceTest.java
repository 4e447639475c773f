package dev.pgmicro.jdbc.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.pgmicro.jdbc.PgConnection;
import dev.pgmicro.jdbc.PgPreparedStatement;
import dev.pgmicro.jdbc.PgmicroException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared conformance suite (conformance/README.md) through the JDBC
 * driver: one fresh jdbc:pgmicro::memory: connection per case, setup with
 * Statement.execute, each step through a PreparedStatement (SQL with $n, so
 * PgConnection.prepareNative), typed parameters with
 * PgPreparedStatement.setTypedText (pgm_bind_typed_text), "unknown" ones as
 * setObject(text, Types.OTHER) (pgm_bind_text), values read with getString
 * (PostgreSQL's text output).  Expected failures: xfail/common.txt +
 * xfail/java.txt, strict.  Filters: -Dconformance.file=STEM, -Dconformance.case=FILE/NAME.
 */
class ConformanceTest {
    static final Path DIR = Path.of(System.getProperty("pgmicro.conformance.dir", "../../conformance"));
    static final String ONLY_FILE = System.getProperty("conformance.file");
    static final String ONLY_CASE = System.getProperty("conformance.case");

    private int passed, failed, xfailed, unexpectedPasses, stale;

    static Map<String, String> loadXfail(Path p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(p)) return out;
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            int h = line.indexOf('#');
            String name = (h >= 0 ? line.substring(0, h) : line).strip();
            if (!name.isEmpty()) out.put(name, p.getFileName().toString());
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> conformance() throws IOException {
        List<CaseFile.Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR.resolve("cases"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".case")).sorted().toList()) {
                String stem = f.getFileName().toString().replaceAll("\\.case$", "");
                if (ONLY_FILE != null && !ONLY_FILE.isEmpty() && !ONLY_FILE.equals(stem)) continue;
                for (CaseFile.Case c : CaseFile.parse(f))
                    if (ONLY_CASE == null || ONLY_CASE.isEmpty() || ONLY_CASE.equals(c.name)) cases.add(c);
            }
        }
        Map<String, String> xfail = loadXfail(DIR.resolve("xfail/common.txt"));
        xfail.putAll(loadXfail(DIR.resolve("xfail/java.txt")));
        boolean full = (ONLY_FILE == null || ONLY_FILE.isEmpty()) && (ONLY_CASE == null || ONLY_CASE.isEmpty());
        List<DynamicTest> tests = new ArrayList<>();
        for (CaseFile.Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name, () -> {
                List<String> why = runCase(c);
                boolean listed = xfail.containsKey(c.name);
                if (why == null && !listed) {
                    passed++;
                } else if (why == null) {
                    unexpectedPasses++;
                    failed++;
                    fail(c.name + ": unexpected pass: remove it from " + xfail.get(c.name));
                } else if (listed) {
                    xfailed++;
                } else {
                    failed++;
                    fail(c.name + " (" + c.path.getFileName() + ":" + c.line + ")\n" + String.join("\n", why));
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("summary", () -> {
            List<String> staleNames = new ArrayList<>();
            if (full) {
                java.util.Set<String> names = new java.util.HashSet<>();
                for (CaseFile.Case c : cases) names.add(c.name);
                for (String n : xfail.keySet()) if (!names.contains(n)) staleNames.add(n + " (" + xfail.get(n) + ")");
                stale = staleNames.size();
                failed += stale;
            }
            System.out.println("conformance: " + passed + " passed, " + failed + " failed");
            System.out.println("conformance: " + xfailed + " expected failures (xfail), " + unexpectedPasses
                    + " unexpected passes, " + stale + " stale xfail entries");
            if (!staleNames.isEmpty()) fail("stale xfail entries: " + staleNames);
        }));
        return tests.stream();
    }

    /** Runs one case; null when it passed, else the explanation. */
    static List<String> runCase(CaseFile.Case c) {
        try (Connection conn = DriverManager.getConnection("jdbc:pgmicro::memory:")) {
            try (Statement s = conn.createStatement()) {
                s.setQueryTimeout(60);
                for (String sql : c.setup) {
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        return List.of("setup failed: " + sql, "  " + e.getSQLState() + ": " + primary(e));
                    }
                }
            }
            PgConnection pc = conn.unwrap(PgConnection.class);
            for (CaseFile.Step st : c.steps) {
                Result r = runStep(pc, st);
                List<String> why = compare(st, r);
                if (why != null) {
                    List<String> out = new ArrayList<>();
                    out.add("step at line " + st.line + ": " + st.sql());
                    out.addAll(why);
                    return out;
                }
            }
            return null;
        } catch (SQLException e) {
            return List.of("connection failed: " + e);
        }
    }

    static String primary(SQLException e) {
        return e instanceof PgmicroException ? ((PgmicroException) e).getServerError().getMessage() : e.getMessage();
    }

    static final class Result {
        String errorState, errorMessage, tag;
        List<String[]> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
    }

    static Result runStep(PgConnection conn, CaseFile.Step st) {
        Result r = new Result();
        try (PgPreparedStatement ps = conn.prepareNative(st.sql())) {
            ps.setQueryTimeout(60);
            if (st.params != null) {
                for (int i = 0; i < st.params.size(); i++) {
                    CaseFile.Param p = st.params.get(i);
                    if (p.value == null) ps.setNull(i + 1, Types.OTHER);
                    else if (p.type.equals("unknown")) ps.setObject(i + 1, p.value, Types.OTHER);
                    else ps.setTypedText(i + 1, p.type, p.value);
                }
            }
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    int n = md.getColumnCount();
                    for (int i = 1; i <= n; i++) r.columns.add(new String[] {md.getColumnLabel(i), md.getColumnTypeName(i)});
                    while (rs.next()) {
                        List<String> row = new ArrayList<>(n);
                        for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                        r.rows.add(row);
                    }
                }
            }
            r.tag = ps.getCommandTag();
        } catch (SQLException e) {
            r.errorState = e.getSQLState();
            r.errorMessage = primary(e);
        }
        return r;
    }

    private static final Comparator<List<String>> ROW_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i), y = b.get(i);
            if (x == null && y == null) continue;
            if (x == null) return -1;
            if (y == null) return 1;
            int c = x.compareTo(y);
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    };

    static List<String> compare(CaseFile.Step st, Result r) {
        List<String> out = new ArrayList<>();
        if (st.errorState != null) {
            if (r.errorState == null) return List.of("expected error " + st.errorState + ", got success (" + r.tag + ")");
            if (!st.errorState.equals(r.errorState))
                out.add("expected SQLSTATE " + st.errorState + ", got " + r.errorState + ": " + r.errorMessage);
            else if (st.errorMessage != null && !r.errorMessage.contains(st.errorMessage))
                out.add("expected message containing '" + st.errorMessage + "', got '" + r.errorMessage + "'");
            return out.isEmpty() ? null : out;
        }
        if (r.errorState != null) return List.of("unexpected error " + r.errorState + ": " + r.errorMessage);
        if (st.columns != null) {
            boolean same = st.columns.size() == r.columns.size();
            for (int i = 0; same && i < st.columns.size(); i++)
                same = st.columns.get(i)[0].equals(r.columns.get(i)[0]) && st.columns.get(i)[1].equals(r.columns.get(i)[1]);
            if (!same) {
                out.add("columns: expected " + cols(st.columns));
                out.add("           actual " + cols(r.columns));
            }
        }
        if (st.tag != null && !st.tag.equals(r.tag)) out.add("tag: expected '" + st.tag + "', actual '" + r.tag + "'");
        if (st.rows != null) {
            List<List<String>> exp = new ArrayList<>(st.rows), act = new ArrayList<>(r.rows);
            if (st.sorted) {
                exp.sort(ROW_ORDER);
                act.sort(ROW_ORDER);
            }
            if (!exp.equals(act)) {
                out.add("rows" + (st.sorted ? " (sorted)" : "") + ": expected");
                for (List<String> row : exp) out.add("  " + CaseFile.encodeRow(row));
                out.add("      actual");
                for (List<String> row : act) out.add("  " + CaseFile.encodeRow(row));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static String cols(List<String[]> cs) {
        List<String> parts = new ArrayList<>();
        for (String[] c : cs) parts.add(c[0] + " " + c[1]);
        return String.join(" | ", parts);
    }
}
