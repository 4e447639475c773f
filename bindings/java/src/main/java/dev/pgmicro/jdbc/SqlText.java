package dev.pgmicro.jdbc;

/**
 * A small PostgreSQL lexer for what the driver must know about SQL text
 * without parsing it: JDBC {@code ?} placeholders (rewritten to {@code $n}),
 * and whether only blanks and comments remain.  It skips quoted strings
 * ('...', E'...' with backslash escapes), quoted identifiers ("..."),
 * dollar-quoted strings ($tag$...$tag$), -- comments and nested block comments.
 * {@code ??} stands for a literal {@code ?} (pgjdbc's escape, for the jsonb
 * operators ?, ?| and ?&amp;).
 */
final class SqlText {
    private SqlText() {}

    /** The result of {@link #rewrite}: the text with $n placeholders and their count. */
    static final class Rewritten {
        final String sql;
        final int params;

        Rewritten(String sql, int params) {
            this.sql = sql;
            this.params = params;
        }
    }

    static Rewritten rewrite(String sql) {
        if (sql.indexOf('?') < 0) return new Rewritten(sql, 0);
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int n = 0, i = 0, len = sql.length();
        while (i < len) {
            int end = skip(sql, i);
            if (end > i) {
                out.append(sql, i, end);
                i = end;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '?') {
                if (i + 1 < len && sql.charAt(i + 1) == '?') {
                    out.append('?');
                    i += 2;
                    continue;
                }
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
            i++;
        }
        return new Rewritten(out.toString(), n);
    }

    /** True when s[from..] holds only blanks, comments and semicolons. */
    static boolean isBlank(String s, int from) {
        int i = from, len = s.length();
        while (i < len) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < len && s.charAt(i + 1) == '-'
                    || c == '/' && i + 1 < len && s.charAt(i + 1) == '*') {
                i = skip(s, i);
            } else {
                return false;
            }
        }
        return true;
    }

    /** The end of the quoted token or comment starting at i, or i when none starts there. */
    static int skip(String s, int i) {
        int len = s.length();
        char c = s.charAt(i);
        char next = i + 1 < len ? s.charAt(i + 1) : 0;
        if (c == '-' && next == '-') {
            int j = s.indexOf('\n', i);
            return j < 0 ? len : j + 1;
        }
        if (c == '/' && next == '*') {
            int depth = 1, j = i + 2;
            while (j < len && depth > 0) {
                if (s.startsWith("/*", j)) { depth++; j += 2; }
                else if (s.startsWith("*/", j)) { depth--; j += 2; }
                else j++;
            }
            return j;
        }
        if (c == '\'') {
            boolean escapes = i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                    && (i < 2 || !isIdent(s.charAt(i - 2)));
            return endQuote(s, i + 1, '\'', escapes);
        }
        if (c == '"') return endQuote(s, i + 1, '"', false);
        if (c == '$' && (i == 0 || !isIdent(s.charAt(i - 1)))) {
            int j = i + 1;
            while (j < len && isIdent(s.charAt(j)) && !(j == i + 1 && Character.isDigit(s.charAt(j)))) j++;
            if (j < len && s.charAt(j) == '$') {
                String tag = s.substring(i, j + 1);
                int k = s.indexOf(tag, j + 1);
                return k < 0 ? len : k + tag.length();
            }
        }
        return i;
    }

    private static int endQuote(String s, int j, char q, boolean escapes) {
        int len = s.length();
        while (j < len) {
            char c = s.charAt(j);
            if (escapes && c == '\\') {
                j += 2;
            } else if (c == q) {
                if (j + 1 < len && s.charAt(j + 1) == q) j += 2;
                else return j + 1;
            } else {
                j++;
            }
        }
        return len;
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c > 127;
    }
}
