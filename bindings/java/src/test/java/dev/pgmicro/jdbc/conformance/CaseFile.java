package dev.pgmicro.jdbc.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parser of conformance case files (conformance/README.md, section 1): the
 * Java port of conformance/casefile.py.
 */
final class CaseFile {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]+$");
    private static final Pattern SQLSTATE = Pattern.compile("^[0-9A-Z]{5}$");

    static final class Param {
        final String type;
        final String value; // null: SQL NULL

        Param(String type, String value) {
            this.type = type;
            this.value = value;
        }
    }

    static final class Step {
        final int line;
        final List<String> sqlLines = new ArrayList<>();
        List<Param> params;
        List<String[]> columns; // {name, typname}
        List<List<String>> rows;
        boolean sorted;
        String tag;
        String errorState, errorMessage;

        Step(int line) {
            this.line = line;
        }

        String sql() {
            return String.join("\n", sqlLines);
        }
    }

    static final class Case {
        final String name;
        final Path path;
        final int line;
        final List<String> setup = new ArrayList<>();
        final List<Step> steps = new ArrayList<>();

        Case(String name, Path path, int line) {
            this.name = name;
            this.path = path;
            this.line = line;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final class FormatError extends RuntimeException {
        FormatError(String m) {
            super(m);
        }
    }

    private CaseFile() {}

    /** Split at unescaped '|'; cells trimmed of spaces, escapes not decoded. */
    static List<String> splitCells(String s) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == '|') {
                cells.add(strip(cur.toString()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(strip(cur.toString()));
        return cells;
    }

    static String strip(String s) {
        int a = 0, b = s.length();
        while (a < b && s.charAt(a) == ' ') a++;
        while (b > a && s.charAt(b - 1) == ' ') b--;
        return s.substring(a, b);
    }

    static String unescape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= raw.length()) throw new FormatError("bad escape in " + raw);
            char e = raw.charAt(++i);
            switch (e) {
                case '\\': out.append('\\'); break;
                case 't': out.append('\t'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 's': out.append(' '); break;
                case 'e': break;
                case '|': out.append('|'); break;
                case 'N': out.append('N'); break;
                default: throw new FormatError("bad escape in " + raw);
            }
        }
        return out.toString();
    }

    static String decodeCell(String raw) {
        return raw.equals("NULL") ? null : unescape(raw);
    }

    static String encodeCell(String v) {
        if (v == null) return "NULL";
        if (v.isEmpty()) return "\\e";
        if (v.equals("NULL")) return "\\NULL";
        String s = v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                .replace("|", "\\|");
        int lead = 0, trail = 0;
        while (lead < s.length() && s.charAt(lead) == ' ') lead++;
        if (lead == s.length()) return "\\s".repeat(s.length());
        while (s.charAt(s.length() - 1 - trail) == ' ') trail++;
        return "\\s".repeat(lead) + s.substring(lead, s.length() - trail) + "\\s".repeat(trail);
    }

    static String encodeRow(List<String> row) {
        List<String> cells = new ArrayList<>();
        for (String c : row) cells.add(encodeCell(c));
        return String.join(" | ", cells);
    }

    static List<Case> parse(Path path) throws IOException {
        String file = path.getFileName().toString();
        String stem = file.endsWith(".case") ? file.substring(0, file.length() - 5) : file;
        String[] lines = new String(Files.readAllBytes(path), StandardCharsets.UTF_8).split("\n", -1);
        for (int k = 0; k < lines.length; k++)
            if (lines[k].endsWith("\r")) lines[k] = lines[k].substring(0, lines[k].length() - 1);
        List<Case> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Case cur = null;
        int i = 0, n = lines.length;
        while (i < n) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                i++;
                continue;
            }
            int sp = line.indexOf(' ');
            String word = sp < 0 ? line : line.substring(0, sp);
            String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
            String where = path + ":" + (i + 1) + ": ";
            if (word.equals("case")) {
                if (!NAME.matcher(rest).matches()) throw new FormatError(where + "bad case name " + rest);
                String full = stem + "/" + rest;
                if (!names.add(full)) throw new FormatError(where + "duplicate case name " + full);
                cur = new Case(full, path, i + 1);
                cases.add(cur);
                i++;
                continue;
            }
            if (cur == null) throw new FormatError(where + "expected \"case NAME\"");
            if (word.equals("setup")) {
                if (!cur.steps.isEmpty()) throw new FormatError(where + "setup must come before the first step");
                i++;
                List<String> stmt = new ArrayList<>();
                while (i < n && !lines[i].isBlank() && !lines[i].equals("step")) {
                    stmt.add(lines[i]);
                    if (lines[i].stripTrailing().endsWith(";")) {
                        cur.setup.add(String.join("\n", stmt));
                        stmt.clear();
                    }
                    i++;
                }
                if (!stmt.isEmpty()) throw new FormatError(where + "setup statement not terminated by \";\"");
                continue;
            }
            if (word.equals("step")) {
                Step st = new Step(i + 1);
                cur.steps.add(st);
                i++;
                while (i < n && !lines[i].isBlank() && !lines[i].startsWith("----")) st.sqlLines.add(lines[i++]);
                if (st.sqlLines.isEmpty()) throw new FormatError(where + "step without SQL");
                while (i < n && !lines[i].isBlank()) {
                    String l = lines[i];
                    if (!l.startsWith("---- ")) throw new FormatError(path + ":" + (i + 1) + ": expected a section");
                    String body = l.substring(5);
                    int s2 = body.indexOf(' ');
                    String kw = s2 < 0 ? body : body.substring(0, s2);
                    String arg = s2 < 0 ? "" : body.substring(s2 + 1).strip();
                    i++;
                    switch (kw) {
                        case "params":
                            st.params = new ArrayList<>();
                            if (!arg.isEmpty()) {
                                for (String raw : splitCells(arg)) {
                                    int s3 = raw.indexOf(' ');
                                    if (s3 < 0) throw new FormatError(where + "param needs \"type value\"");
                                    st.params.add(new Param(raw.substring(0, s3), decodeCell(strip(raw.substring(s3 + 1)))));
                                }
                            }
                            break;
                        case "columns":
                            st.columns = new ArrayList<>();
                            for (String raw : splitCells(arg)) {
                                int s3 = raw.lastIndexOf(' ');
                                if (s3 < 0) throw new FormatError(where + "column needs \"name type\"");
                                st.columns.add(new String[] {unescape(strip(raw.substring(0, s3))), raw.substring(s3 + 1)});
                            }
                            break;
                        case "tag":
                            st.tag = arg;
                            break;
                        case "error": {
                            int s3 = arg.indexOf(' ');
                            String code = s3 < 0 ? arg : arg.substring(0, s3);
                            if (!SQLSTATE.matcher(code).matches()) throw new FormatError(where + "bad SQLSTATE");
                            st.errorState = code;
                            String msg = s3 < 0 ? "" : arg.substring(s3 + 1).strip();
                            st.errorMessage = msg.isEmpty() ? null : msg;
                            break;
                        }
                        case "ok":
                            break;
                        case "rows":
                            st.sorted = arg.equals("sorted");
                            st.rows = new ArrayList<>();
                            while (i < n && !lines[i].isBlank()) {
                                List<String> row = new ArrayList<>();
                                for (String c : splitCells(lines[i])) row.add(decodeCell(c));
                                st.rows.add(row);
                                i++;
                            }
                            break;
                        default:
                            throw new FormatError(where + "unknown section " + kw);
                    }
                    if (kw.equals("rows")) break;
                }
                continue;
            }
            throw new FormatError(where + "unexpected line " + line);
        }
        return cases;
    }
}
