package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlTextTest {
    private static String rw(String s) {
        return SqlText.rewrite(s).sql;
    }

    @Test
    void placeholdersBecomeDollarNumbers() {
        assertEquals("SELECT $1, $2 FROM t WHERE a = $3", rw("SELECT ?, ? FROM t WHERE a = ?"));
        assertEquals(3, SqlText.rewrite("SELECT ?, ? FROM t WHERE a = ?").params);
    }

    @Test
    void quotesAndCommentsAreSkipped() {
        assertEquals("SELECT '?', \"?\", $1 -- ?\n, $2", rw("SELECT '?', \"?\", ? -- ?\n, ?"));
        assertEquals("SELECT /* ? /* ? */ ? */ $1", rw("SELECT /* ? /* ? */ ? */ ?"));
        assertEquals("SELECT E'\\'?', $1", rw("SELECT E'\\'?', ?"));
        assertEquals("SELECT 'it''s ?', $1", rw("SELECT 'it''s ?', ?"));
        assertEquals("SELECT $q$ ? $q$, $$?$$, $1", rw("SELECT $q$ ? $q$, $$?$$, ?"));
    }

    @Test
    void doubledQuestionMarkIsALiteral() {
        assertEquals("SELECT '{\"a\":1}'::jsonb ? 'a', $1", rw("SELECT '{\"a\":1}'::jsonb ?? 'a', ?"));
    }

    @Test
    void nativePlaceholdersAreKept() {
        assertEquals("SELECT $1::int", rw("SELECT $1::int"));
    }

    @Test
    void blankTail() {
        assertTrue(SqlText.isBlank("  ; -- c\n /* x */ ;", 0));
        assertFalse(SqlText.isBlank("; SELECT 1", 0));
    }
}
