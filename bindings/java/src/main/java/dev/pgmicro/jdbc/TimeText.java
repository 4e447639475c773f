package dev.pgmicro.jdbc;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

/**
 * PostgreSQL's ISO text for dates and times (DateStyle ISO), both ways:
 * "2024-01-02", "2024-01-02 03:04:05.123456", "... +05:30", "0044-03-15 BC",
 * "infinity" (read as LocalDate.MAX / LocalDateTime.MAX / OffsetDateTime.MAX,
 * "-infinity" as MIN, as pgjdbc does).
 */
final class TimeText {
    private TimeText() {}

    private static final class Cursor {
        final String s;
        int i;

        Cursor(String s) { this.s = s; }

        int number() throws SQLException {
            int start = i, v = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i))) v = v * 10 + (s.charAt(i++) - '0');
            if (i == start) throw bad(s);
            return v;
        }

        void expect(char c) throws SQLException {
            if (i >= s.length() || s.charAt(i) != c) throw bad(s);
            i++;
        }

        boolean at(char c) { return i < s.length() && s.charAt(i) == c; }
        boolean done() { return i >= s.length(); }
    }

    static SQLException bad(String s) {
        return Errors.create("22007", "invalid date/time text: \"" + s + "\"");
    }

    private static boolean bc(String s) {
        return s.endsWith(" BC");
    }

    private static LocalDate datePart(Cursor c, boolean bc) throws SQLException {
        int y = c.number();
        c.expect('-');
        int m = c.number();
        c.expect('-');
        int d = c.number();
        return LocalDate.of(bc ? 1 - y : y, m, d);
    }

    private static LocalTime timePart(Cursor c) throws SQLException {
        int h = c.number();
        c.expect(':');
        int mi = c.number();
        c.expect(':');
        int se = c.number();
        int nanos = 0;
        if (c.at('.')) {
            c.i++;
            int start = c.i;
            int v = c.number();
            int digits = c.i - start;
            for (int k = digits; k < 9; k++) v *= 10;
            nanos = v;
        }
        if (h == 24) return LocalTime.MAX; // 24:00:00 is valid PostgreSQL time
        return LocalTime.of(h, mi, se, nanos);
    }

    private static ZoneOffset offsetPart(Cursor c) throws SQLException {
        if (!c.at('+') && !c.at('-')) throw bad(c.s);
        int sign = c.s.charAt(c.i++) == '-' ? -1 : 1;
        int h = c.number(), m = 0, s = 0;
        if (c.at(':')) { c.i++; m = c.number(); }
        if (c.at(':')) { c.i++; s = c.number(); }
        return ZoneOffset.ofHoursMinutesSeconds(sign * h, sign * m, sign * s);
    }

    static LocalDate date(String s) throws SQLException {
        if (s.equals("infinity")) return LocalDate.MAX;
        if (s.equals("-infinity")) return LocalDate.MIN;
        try {
            Cursor c = new Cursor(s);
            LocalDate d = datePart(c, bc(s));
            return d;
        } catch (java.time.DateTimeException e) {
            throw bad(s);
        }
    }

    static LocalDateTime timestamp(String s) throws SQLException {
        if (s.equals("infinity")) return LocalDateTime.MAX;
        if (s.equals("-infinity")) return LocalDateTime.MIN;
        try {
            Cursor c = new Cursor(s);
            LocalDate d = datePart(c, bc(s));
            if (c.done()) return d.atStartOfDay();
            c.expect(' ');
            return d.atTime(timePart(c));
        } catch (java.time.DateTimeException e) {
            throw bad(s);
        }
    }

    static OffsetDateTime timestamptz(String s) throws SQLException {
        if (s.equals("infinity")) return OffsetDateTime.MAX;
        if (s.equals("-infinity")) return OffsetDateTime.MIN;
        try {
            Cursor c = new Cursor(s);
            LocalDate d = datePart(c, bc(s));
            if (c.done()) return d.atStartOfDay().atOffset(ZoneOffset.UTC);
            c.expect(' ');
            LocalTime t = timePart(c);
            ZoneOffset off = c.at('+') || c.at('-') ? offsetPart(c) : ZoneOffset.UTC;
            return d.atTime(t).atOffset(off);
        } catch (java.time.DateTimeException e) {
            throw bad(s);
        }
    }

    static LocalTime time(String s) throws SQLException {
        try {
            return timePart(new Cursor(s));
        } catch (java.time.DateTimeException e) {
            throw bad(s);
        }
    }

    static OffsetTime timetz(String s) throws SQLException {
        try {
            Cursor c = new Cursor(s);
            LocalTime t = timePart(c);
            return t.atOffset(c.at('+') || c.at('-') ? offsetPart(c) : ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw bad(s);
        }
    }

    // ---- formatting (values bound as parameters) ----

    static String format(LocalDate d) {
        if (d.equals(LocalDate.MAX)) return "infinity";
        if (d.equals(LocalDate.MIN)) return "-infinity";
        int y = d.getYear();
        StringBuilder sb = new StringBuilder(16);
        pad(sb, y <= 0 ? 1 - y : y, 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2);
        if (y <= 0) sb.append(" BC");
        return sb.toString();
    }

    static String format(LocalTime t) {
        StringBuilder sb = new StringBuilder(18);
        appendTime(sb, t);
        return sb.toString();
    }

    static String format(LocalDateTime ts) {
        if (ts.equals(LocalDateTime.MAX)) return "infinity";
        if (ts.equals(LocalDateTime.MIN)) return "-infinity";
        int y = ts.getYear();
        StringBuilder sb = new StringBuilder(32);
        pad(sb, y <= 0 ? 1 - y : y, 4).append('-');
        pad(sb, ts.getMonthValue(), 2).append('-');
        pad(sb, ts.getDayOfMonth(), 2).append(' ');
        appendTime(sb, ts.toLocalTime());
        if (y <= 0) sb.append(" BC");
        return sb.toString();
    }

    static String format(OffsetDateTime ts) {
        if (ts.equals(OffsetDateTime.MAX)) return "infinity";
        if (ts.equals(OffsetDateTime.MIN)) return "-infinity";
        String base = format(ts.toLocalDateTime());
        String off = ts.getOffset().getId();
        if (off.equals("Z")) off = "+00:00";
        if (base.endsWith(" BC")) return base.substring(0, base.length() - 3) + off + " BC";
        return base + off;
    }

    private static void appendTime(StringBuilder sb, LocalTime t) {
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int n = t.getNano();
        if (n != 0) {
            // microseconds, rounded half up as PostgreSQL's input would
            int micros = (n + 500) / 1000;
            if (micros >= 1_000_000) micros = 999_999;
            StringBuilder f = new StringBuilder();
            pad(f, micros, 6);
            int len = 6;
            while (len > 1 && f.charAt(len - 1) == '0') len--;
            sb.append('.').append(f, 0, len);
        }
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int k = s.length(); k < width; k++) sb.append('0');
        return sb.append(s);
    }
}
