#!/usr/bin/env python3
"""Tests of the pgmicro shell, run as a user runs it.

    test_shell.py PATH/TO/pgmicro          # test the shell
    test_shell.py --oracle                 # run the same cases through psql 15

Every case feeds the program input (a pipe, -c, -f) and compares stdout,
stderr and the exit code with what psql 15 prints for the same input.  The
--oracle mode runs the psql-comparable cases against the reference server
(shared/pgref/pgref.sh start), which is how the expected texts here were
checked: a case that psql disagrees with is a wrong case.  Only the standard
library is used.
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

# The oracle runs in a database of its own: the \d family lists every table
# of the database, and the shared "postgres" database holds others' tables.
ORACLE_DB = "pgmicro_shell"
PSQL_SERVER = ["psql", "-X", "-h", "127.0.0.1", "-p", "54329", "-U", "postgres"]
PSQL = ["psql", "-h", "127.0.0.1", "-p", "54329", "-U", "postgres", "-d", ORACLE_DB]


def create_oracle_db():
    exists = subprocess.run(PSQL_SERVER + ["-d", "postgres", "-Atc",
                                           "SELECT 1 FROM pg_database WHERE datname = '%s'"
                                           % ORACLE_DB],
                            capture_output=True, text=True, timeout=60)
    if exists.stdout.strip() != "1":
        subprocess.run(PSQL_SERVER + ["-d", "postgres", "-c", "CREATE DATABASE " + ORACLE_DB],
                       check=True, capture_output=True, timeout=60)


class Case:
    def __init__(self, name, args=(), stdin="", out=None, err="", rc=0,
                 out_re=None, files=None, psql=True, env=None):
        self.name, self.args, self.stdin = name, list(args), stdin
        self.out, self.err, self.rc, self.out_re = out, err, rc, out_re
        self.files = files or {}
        self.psql = psql      # comparable with psql (same text expected)
        self.env = env or {}


PIPE_SQL = """\
CREATE TABLE items (id int, name text);
INSERT INTO items VALUES (1, 'apple'), (22, 'banana split');
SELECT * FROM items
  ORDER BY id;
SELECT id, 'x;y' AS "semi;colon" FROM items WHERE name = 'it''s;' OR id = 1; -- trailing; comment
SELECT $$dollar ; quoted$$ AS d, $tag$ $$ ; $tag$ AS t;
/* block ; comment /* nested ; */ */ SELECT 3 AS c;
-- a whole-line comment; with a semicolon
UPDATE items SET name = 'pear' WHERE id = 1;
DELETE FROM items WHERE id = 99;
SELECT 'a
b' AS multi, 2 AS n, NULL AS nothing;
SELECT name, id FROM items WHERE id > 100;
DROP TABLE items;
"""

PIPE_OUT = """\
CREATE TABLE
INSERT 0 2
 id |     name     
----+--------------
  1 | apple
 22 | banana split
(2 rows)

 id | semi;colon 
----+------------
  1 | x;y
(1 row)

        d        |   t    
-----------------+--------
 dollar ; quoted |  $$ ; 
(1 row)

 c 
---
 3
(1 row)

UPDATE 1
DELETE 0
 multi | n | nothing 
-------+---+---------
 a    +| 2 | 
 b     |   | 
(1 row)

 name | id 
------+----
(0 rows)

DROP TABLE
"""

# A `;` inside parentheses does not end the statement (psql's rule), so the
# whole text reaches the parser and the error points into line 2.
PAREN_SQL = "SELECT (1 +\n  2;\n  ) AS paren;\nSELECT 1 AS after;\n"
PAREN_ERR = 'ERROR:  syntax error at or near ";"\nLINE 2:   2;\n           ^\n'
ONE_AFTER = " after \n-------\n     1\n(1 row)\n\n"

NOSUCH_ERR = ('ERROR:  relation "nosuch" does not exist\n'
              'LINE 1: SELECT * FROM nosuch;\n'
              '                      ^\n')
NOSUCH_ERR_C = NOSUCH_ERR.replace("nosuch;", "nosuch")
B_TABLE = " b \n---\n 2\n(1 row)\n\n"
A_TABLE = " a \n---\n 1\n(1 row)\n\n"

DESCRIBE_SQL = """\
CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL DEFAULT 'x'::text, qty int DEFAULT 0);
CREATE TABLE orders (id int PRIMARY KEY, item int REFERENCES items(id), n int CHECK (n > 0));
\\d items
\\d orders
\\dt
DROP TABLE orders;
DROP TABLE items;
"""
DESCRIBE_OUT = """\
CREATE TABLE
CREATE TABLE
                Table "public.items"
 Column |  Type   | Collation | Nullable |  Default  
--------+---------+-----------+----------+-----------
 id     | integer |           | not null | 
 name   | text    |           | not null | 'x'::text
 qty    | integer |           |          | 0
Indexes:
    "items_pkey" PRIMARY KEY, btree (id)
Referenced by:
    TABLE "orders" CONSTRAINT "orders_item_fkey" FOREIGN KEY (item) REFERENCES items(id)

               Table "public.orders"
 Column |  Type   | Collation | Nullable | Default 
--------+---------+-----------+----------+---------
 id     | integer |           | not null | 
 item   | integer |           |          | 
 n      | integer |           |          | 
Indexes:
    "orders_pkey" PRIMARY KEY, btree (id)
Check constraints:
    "orders_n_check" CHECK (n > 0)
Foreign-key constraints:
    "orders_item_fkey" FOREIGN KEY (item) REFERENCES items(id)

         List of relations
 Schema |  Name  | Type  |  Owner   
--------+--------+-------+----------
 public | items  | table | postgres
 public | orders | table | postgres
(2 rows)

DROP TABLE
DROP TABLE
"""

def test_file(name):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name)) as f:
        return f.read()


# The \d family: psql 15's own catalog queries, psql's output (the .out and
# .err files are what psql 15 printed for describe_family.sql, the --oracle
# run checks they still are).
FAMILY_SQL = test_file("describe_family.sql")
FAMILY_OUT = test_file("describe_family.out")
FAMILY_ERR = test_file("describe_family.err")

ECHO_HIDDEN_OUT = """\
********* QUERY **********
SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1;
**************************

      List of schemas
  Name  |       Owner       
--------+-------------------
 public | pg_database_owner
(1 row)

********* QUERY **********
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' \
WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN \
'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','t','s','')
  AND c.relname OPERATOR(pg_catalog.~) '^(sh_nosuch.*)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
**************************

"""

TWO_ROWS = "SELECT 1 AS id, 'apple' AS name UNION ALL SELECT 22, 'banana split'"
EXPANDED_OUT = """\
Expanded display is on.
-[ RECORD 1 ]------
id   | 1
name | apple
-[ RECORD 2 ]------
id   | 22
name | banana split

Expanded display is off.
 id 
----
  1
(1 row)

"""

CASES = [
    Case("pipe_multiline_statements", ["-X"], PIPE_SQL, PIPE_OUT),
    Case("pipe_semicolon_in_parens", ["-X"], PAREN_SQL, ONE_AFTER, PAREN_ERR),
    Case("pipe_last_statement_without_semicolon", ["-X"], "SELECT 1 AS a", A_TABLE),
    Case("pipe_blank_and_comment_lines", ["-X"], "\n  \n-- only a comment\n;\n", ""),
    Case("c_repeatable_and_multi_statement", ["-X", "-c", "SELECT 1 AS a; SELECT 2 AS b",
                                              "-c", "SELECT 2 AS b"],
         out=A_TABLE + B_TABLE + B_TABLE),
    # psql sends -c text as one Query: its statements share one implicit transaction.
    Case("c_text_is_one_implicit_transaction",
         ["-X", "-q", "-At", "-c", "CREATE TEMP TABLE it (x int)",
          "-c", "INSERT INTO it VALUES (1); SELECT 1/0",
          "-c", "INSERT INTO it VALUES (2); COMMIT; INSERT INTO it VALUES (3); SELECT 1/0",
          "-c", "INSERT INTO it VALUES (4); BEGIN; INSERT INTO it VALUES (5); COMMIT",
          "-c", "SELECT string_agg(x::text, ',' ORDER BY x) FROM it"],
         out="2,4,5\n", err="ERROR:  division by zero\n"
                            "WARNING:  there is no transaction in progress\n"
                            "ERROR:  division by zero\n"),
    Case("c_text_begin_is_silent", ["-X", "-q", "-At", "-c", "BEGIN; SELECT 1", "-c", "COMMIT"],
         out="1\n"),
    Case("unaligned_with_header", ["-X", "-A", "-c",
                                   "SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y'"],
         out="a|b\n1|x\n2|y\n(2 rows)\n"),
    Case("unaligned_tuples_fieldsep", ["-X", "-A", "-t", "-F", ",", "-c",
                                       "SELECT 1 AS a, 'x' AS b", "-c", "SELECT 2"],
         out="1,x\n2\n"),
    Case("unaligned_tuples_combined_flags", ["-XAt", "-c", "SELECT 1 AS a, NULL AS b"],
         out="1|\n"),
    Case("aligned_tuples_only", ["-X", "-t", "-c", "SELECT 1 AS a, 'xy' AS b"],
         out=" 1 | xy\n\n"),
    Case("right_align_numbers_left_align_text", ["-X", "-c",
         "SELECT 1.5::numeric AS num, 'l' AS txt, 10::bigint AS big, 2.5::float8 AS f"],
         out=" num | txt | big |  f  \n-----+-----+-----+-----\n 1.5 | l   |  10 | 2.5\n(1 row)\n\n"),
    Case("wide_characters_tabs_multiline_header", ["-X"],
         "SELECT 'h\u00e9llo w\u00f6rld' AS name, '\u65e5\u672c' AS jp, 'x' AS \"ab\nc\", "
         "'tab\there' AS t;\n",
         "    name     |  jp  | ab+|      t       \n"
         "             |      | c  |              \n"
         "-------------+------+----+--------------\n"
         " h\u00e9llo w\u00f6rld | \u65e5\u672c | x  | tab     here\n(1 row)\n\n"),
    Case("pset_null_footer_format", ["-X"],
         "\\pset null '(null)'\nSELECT NULL AS n, 1 AS one;\n\\pset footer off\n"
         "SELECT 2 AS two;\n\\pset format unaligned\n\\pset fieldsep ;\nSELECT 1 AS a, NULL AS b;\n"
         "\\pset footer\n\\pset bogus\n",
         'Null display is "(null)".\n   n    | one \n--------+-----\n (null) |   1\n(1 row)\n\n'
         " two \n-----\n   2\n\n"
         'Output format is unaligned.\nField separator is ";".\na;b\n1;(null)\n'
         "Default footer is on.\n",
         "\\pset: unknown option: bogus\n"),
    Case("toggle_messages", ["-X"], "\\t on\n\\t\n\\x on\n\\x off\n\\timing on\n\\timing off\n"
         "\\pset null\n\\pset format\n\\a\n\\a\n",
         "Tuples only is off.\nExpanded display is on.\nExpanded display is off.\n"
         "Timing is on.\nTiming is off.\nNull display is \"\".\nOutput format is aligned.\n"
         "Output format is unaligned.\nOutput format is aligned.\n"),
    Case("quiet_hides_command_tags", ["-X", "-q"],
         "CREATE TABLE q (a int);\nINSERT INTO q VALUES (1);\nSELECT a FROM q;\nDROP TABLE q;\n",
         " a \n---\n 1\n(1 row)\n\n"),
    Case("error_pipe_continues_exit_0", ["-X"], "SELECT * FROM nosuch;\nSELECT 2 AS b;\n",
         B_TABLE, NOSUCH_ERR, 0),
    Case("error_pipe_on_error_stop_exit_3", ["-X", "-v", "ON_ERROR_STOP=1"],
         "SELECT * FROM nosuch;\nSELECT 2 AS b;\n", "", NOSUCH_ERR, 3),
    Case("error_c_exit_1", ["-X", "-c", "SELECT * FROM nosuch"], out="",
         err=NOSUCH_ERR_C, rc=1),
    Case("error_c_position_in_multi_statement", ["-X", "-c", "SELECT 1 AS a; SELECT * FROM nosuch"],
         out=A_TABLE, rc=1,
         err='ERROR:  relation "nosuch" does not exist\n'
             'LINE 1: SELECT 1 AS a; SELECT * FROM nosuch\n'
             '                                     ^\n'),
    Case("error_c_then_ok_exit_0", ["-X", "-c", "SELECT * FROM nosuch", "-c", "SELECT 2 AS b"],
         out=B_TABLE, err=NOSUCH_ERR_C, rc=0),
    Case("error_c_on_error_stop_exit_1", ["-X", "-v", "ON_ERROR_STOP=1", "-c",
                                          "SELECT * FROM nosuch", "-c", "SELECT 2 AS b"],
         out="", err=NOSUCH_ERR_C, rc=1),
    Case("error_f_prefix_and_continue", ["-X", "-f", "{tmp}/e.sql"], out=A_TABLE + B_TABLE,
         err="pgmicro:{tmp}/e.sql:2: " + NOSUCH_ERR, rc=0,
         files={"e.sql": "SELECT 1 AS a;\nSELECT * FROM nosuch;\nSELECT 2 AS b;\n"}),
    Case("error_f_on_error_stop_exit_3", ["-X", "-v", "ON_ERROR_STOP=1", "-f", "{tmp}/e.sql"],
         out=A_TABLE, err="pgmicro:{tmp}/e.sql:2: " + NOSUCH_ERR, rc=3,
         files={"e.sql": "SELECT 1 AS a;\nSELECT * FROM nosuch;\nSELECT 2 AS b;\n"}),
    Case("error_position_on_second_line", ["-X"],
         "SELECT x,\n  nosuchcol\nFROM (SELECT 1 AS x) s;\n", "",
         'ERROR:  column "nosuchcol" does not exist\nLINE 2:   nosuchcol\n          ^\n'),
    Case("describe_table_and_list", ["-X"], DESCRIBE_SQL, DESCRIBE_OUT),
    Case("describe_plus_as_pg_regress_runs_it",
         ["-X", "-q", "-v", "HIDE_TABLEAM=on", "-v", "HIDE_TOAST_COMPRESSION=on"],
         "CREATE TABLE dp (a int PRIMARY KEY, b text, c numeric);\n\\d+ dp\nDROP TABLE dp;\n",
         "                                     Table \"public.dp\"\n"
         " Column |  Type   | Collation | Nullable | Default | Storage  | Stats target | Description \n"
         "--------+---------+-----------+----------+---------+----------+--------------+-------------\n"
         " a      | integer |           | not null |         | plain    |              | \n"
         " b      | text    |           |          |         | extended |              | \n"
         " c      | numeric |           |          |         | main     |              | \n"
         "Indexes:\n    \"dp_pkey\" PRIMARY KEY, btree (a)\n\n"),
    Case("describe_missing", ["-X", "-c", "\\d nosuch"], out="",
         err='Did not find any relation named "nosuch".\n', rc=1),
    Case("list_no_relations_is_not_an_error", ["-X", "-v", "ON_ERROR_STOP=1"],
         "\\dt nosuch*\nSELECT 1 AS a;\n", A_TABLE,
         'Did not find any relation named "nosuch*".\n'),
    Case("describe_family", ["-X"], FAMILY_SQL, FAMILY_OUT, FAMILY_ERR),
    Case("echo_hidden_prints_catalog_queries", ["-X", "-E", "-c", "\\dn", "-c", "\\dt sh_nosuch*"],
         out=ECHO_HIDDEN_OUT, err='Did not find any relation named "sh_nosuch*".\n'),
    Case("echo_hidden_noexec", ["-X"], "\\set ECHO_HIDDEN noexec\n\\dn pub*\n\\echo after\n",
         ECHO_HIDDEN_OUT.split("      List")[0].replace(
             "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n",
             "WHERE n.nspname OPERATOR(pg_catalog.~) '^(pub.*)$' COLLATE pg_catalog.default\n")
         + "after\n"),
    # pgmicro's sizes are SQLite's pages (PostgreSQL's heap pages differ)
    Case("list_tables_plus_sizes_are_sqlite_pages", ["-X", "-q"],
         "CREATE TABLE sz (a int PRIMARY KEY, b text);\nCREATE INDEX sz_b ON sz (b);\n"
         "\\dt+ sz\n\\di+ sz*\nDROP TABLE sz;\n",
         "                                     List of relations\n"
         " Schema | Name | Type  |  Owner   | Persistence | Access method |    Size    | Description \n"
         "--------+------+-------+----------+-------------+---------------+------------+-------------\n"
         " public | sz   | table | postgres | permanent   | heap          | 4096 bytes | \n(1 row)\n\n"
         "                                          List of relations\n"
         " Schema |  Name   | Type  |  Owner   | Table | Persistence | Access method |    Size    | Description \n"
         "--------+---------+-------+----------+-------+-------------+---------------+------------+-------------\n"
         " public | sz_b    | index | postgres | sz    | permanent   | btree         | 4096 bytes | \n"
         " public | sz_pkey | index | postgres | sz    | permanent   | btree         | 0 bytes    | \n"
         "(2 rows)\n\n", psql=False),
    # pg_extension has no rows (pgmicro has no extensions; PostgreSQL lists plpgsql)
    Case("describe_extensions", ["-X", "-q"], "\\dx\n",
         "     List of installed extensions\n Name | Version | Schema | Description \n"
         "------+---------+--------+-------------\n(0 rows)\n\n", psql=False),
    # \d of sequences: a plain one, a serial column's ("Owned by") and an
    # identity column's, as psql 15 prints them
    Case("describe_sequences", ["-X", "-q"],
         "CREATE SEQUENCE sq AS integer START 5 INCREMENT 2 CACHE 10;\n"
         "CREATE TABLE st (id serial, g int GENERATED ALWAYS AS IDENTITY);\n"
         "\\d sq\n\\d st_id_seq\n\\d+ st_g_seq\nDROP TABLE st;\nDROP SEQUENCE sq;\n",
         "                         Sequence \"public.sq\"\n"
         "  Type   | Start | Minimum |  Maximum   | Increment | Cycles? | Cache \n"
         "---------+-------+---------+------------+-----------+---------+-------\n"
         " integer |     5 |       1 | 2147483647 |         2 | no      |    10\n\n"
         "                     Sequence \"public.st_id_seq\"\n"
         "  Type   | Start | Minimum |  Maximum   | Increment | Cycles? | Cache \n"
         "---------+-------+---------+------------+-----------+---------+-------\n"
         " integer |     1 |       1 | 2147483647 |         1 | no      |     1\n"
         "Owned by: public.st.id\n\n"
         "                      Sequence \"public.st_g_seq\"\n"
         "  Type   | Start | Minimum |  Maximum   | Increment | Cycles? | Cache \n"
         "---------+-------+---------+------------+-----------+---------+-------\n"
         " integer |     1 |       1 | 2147483647 |         1 | no      |     1\n"
         "Sequence for identity column: public.st.g\n\n"),
    Case("expanded_toggle", ["-X"], "\\x\n" + TWO_ROWS + ";\n\\x\nSELECT 1 AS id;\n",
         EXPANDED_OUT),
    Case("expanded_flag_tuples_only", ["-X", "-x", "-t", "-c", TWO_ROWS],
         out="id   | 1\nname | apple\n-----+-------------\nid   | 22\nname | banana split\n\n"),
    Case("expanded_multiline_value", ["-X", "-x"], "SELECT 'a\nbb' AS m, 1 AS n;\n",
         "-[ RECORD 1 ]\nm | a +\n  | bb\nn | 1\n\n"),
    Case("expanded_unaligned", ["-X", "-x", "-A", "-c", TWO_ROWS],
         out="id|1\nname|apple\n\nid|22\nname|banana split\n"),
    Case("expanded_no_rows", ["-X", "-x", "-c", "SELECT 1 AS a WHERE false"],
         out="(0 rows)\n\n"),
    Case("set_echo_and_interpolation", ["-X"],
         "\\set fruit 'apple pie'\n\\echo :fruit done\nSELECT :'fruit' AS f, 1::int AS cast;\n",
         "apple pie done\n     f     | cast \n-----------+------\n apple pie |    1\n(1 row)\n\n"),
    Case("echo_quoted_variables", ["-X"], "\\set x 'it''s'\n\\echo :x :'x' :\"x\" :nosuch\n",
         "it's 'it''s' \"it's\" :nosuch\n"),
    Case("verbosity_terse_and_sqlstate", ["-X"],
         "\\set VERBOSITY terse\nSELECT * FROM nosuch;\n\\set VERBOSITY sqlstate\nSELECT * FROM nosuch;\n",
         "", 'ERROR:  relation "nosuch" does not exist at character 15\nERROR:  42P01\n'),
    Case("gset_gexec_getenv", ["-X"],
         "SELECT 1 AS one, 'two' AS two \\gset\n\\echo :one :two\nSELECT 2 AS x \\gset pre_\n"
         "\\echo :pre_x\nSELECT 'SELECT 42 AS answer' \\gexec\n\\getenv h SHELL_TEST_ENV\n\\echo :h\n"
         "SELECT 1 WHERE false \\gset\nSELECT NULL AS one \\gset\n\\echo :one\n",
         "1 two\n2\n answer \n--------\n     42\n(1 row)\n\nfrom env\n:one\n",
         "no rows returned for \\gset\n", env={"SHELL_TEST_ENV": "from env"}),
    Case("v_sets_variable", ["-X", "-v", "n=7"], "SELECT :n AS n;\n",
         " n \n---\n 7\n(1 row)\n\n"),
    # psql sends -c SQL as is: no variable interpolation there
    Case("c_sql_not_interpolated", ["-X", "-v", "n=7", "-c", "SELECT :n AS n"], out="",
         err='ERROR:  syntax error at or near ":"\nLINE 1: SELECT :n AS n\n               ^\n',
         rc=1),
    Case("include_file", ["-X"], "\\i {tmp}/inc.sql\nSELECT 2 AS b;\n", A_TABLE + B_TABLE,
         files={"inc.sql": "SELECT 1 AS a;\n"}),
    Case("timing", ["-X"], "\\timing\nSELECT 1 AS a;\nSELECT * FROM nosuch;\n\\timing off\n",
         out_re=r"Timing is on\.\n a \n---\n 1\n\(1 row\)\n\nTime: \d+\.\d{3} ms\n"
                r"Time: \d+\.\d{3} ms\nTiming is off\.\n", err=NOSUCH_ERR),
    Case("timing_once_per_c_string", ["-X", "-c", "\\timing", "-c", "SELECT 1 AS a; SELECT 2 AS b"],
         out_re=r"Timing is on\.\n a \n---\n 1\n\(1 row\)\n\n b \n---\n 2\n\(1 row\)\n\n"
                r"Time: \d+\.\d{3} ms\n"),
    Case("meta_errors_in_file", ["-X", "-f", "{tmp}/m.sql"], out="", rc=0,
         err="pgmicro:{tmp}/m.sql:1: error: invalid command \\bogus\n"
             "pgmicro:{tmp}/m.sql:2: error: Did not find any relation named \"nosuch\".\n"
             "pgmicro:{tmp}/m.sql:3: error: unrecognized value \"maybe\" for \"expanded\"\n"
             "Available values are: on, off, auto.\n",
         files={"m.sql": "\\bogus\n\\d nosuch\n\\x maybe\n"}),
    Case("meta_error_stops_file", ["-X", "-v", "ON_ERROR_STOP=1", "-f", "{tmp}/m.sql"],
         out="", rc=3, err="pgmicro:{tmp}/m.sql:1: error: invalid command \\bogus\n",
         files={"m.sql": "\\bogus\nSELECT 1;\n"}),
    Case("missing_file", ["-X", "-f", "{tmp}/nosuch.sql"], out="", rc=1,
         err="pgmicro: error: {tmp}/nosuch.sql: No such file or directory\n"),
    Case("include_relative", ["-X", "-f", "{tmp}/sub/main.sql"], out=A_TABLE,
         files={"sub/main.sql": "\\ir inc.sql\n", "sub/inc.sql": "SELECT 1 AS a;\n"}),
    Case("include_missing_file", ["-X", "-f", "{tmp}/inc.sql"], out=A_TABLE + B_TABLE, rc=0,
         err="pgmicro:{tmp}/inc.sql:2: error: {tmp}/nosuch.sql: No such file or directory\n",
         files={"inc.sql": "SELECT 1 AS a;\n\\i {tmp}/nosuch.sql\nSELECT 2 AS b;\n"}),
    Case("echo_all_and_result_variables", ["-X", "-a", "-f", "{tmp}/ae.sql"],
         out="CREATE TABLE x (a int);\nCREATE TABLE\n-- comment\n"
             "INSERT INTO x VALUES (1), (2);\nINSERT 0 2\n\\echo :ROW_COUNT :ERROR\n2 false\n"
             "SELECT * FROM nosuch;\n\\echo :SQLSTATE :ERROR\n42P01 true\n"
             "SELECT a\n  FROM x;\n a \n---\n 1\n 2\n(2 rows)\n\nDROP TABLE x;\nDROP TABLE\n",
         err="pgmicro:{tmp}/ae.sql:5: " + NOSUCH_ERR,
         files={"ae.sql": "CREATE TABLE x (a int);\n-- comment\nINSERT INTO x VALUES (1), (2);\n"
                          "\\echo :ROW_COUNT :ERROR\nSELECT * FROM nosuch;\n"
                          "\\echo :SQLSTATE :ERROR\nSELECT a\n  FROM x;\nDROP TABLE x;\n"}),
    # psql drops empty lines outside quotes: not echoed, not part of the query
    # (so LINE numbers skip them), but kept inside a quoted string
    Case("echo_all_skips_empty_lines", ["-X", "-a", "-q"],
         "--\n\nSELECT 'a\n\nb' AS q,\n\n  nosuch;\n",
         "--\nSELECT 'a\n\nb' AS q,\n  nosuch;\n",
         'ERROR:  column "nosuch" does not exist\nLINE 4:   nosuch;\n          ^\n'),
    Case("echo_queries", ["-X", "-e", "-c", "SELECT 1 AS a"], out="SELECT 1 AS a\n" + A_TABLE),
    Case("copy_from_stdin_and_to_stdout", ["-X", "-f", "{tmp}/copy.sql"],
         out="CREATE TABLE\nCOPY 3\n a |      b       |  c  \n---+--------------+-----\n"
             " 1 | hello        | 1.5\n 2 |              |   2\n 3 | tab     here+|    \n"
             "   | line         | \n(3 rows)\n\nCOPY 1\n"
             "1\thello\t1.5\n2\t\\N\t2\n3\ttab\\there\\nline\t\\N\n4\t\\N\t\\N\n3\n4\n"
             " count \n-------\n     4\n(1 row)\n\nDROP TABLE\n",
         err='pgmicro:{tmp}/copy.sql:17: ERROR:  missing data for column "c"\n'
             'CONTEXT:  COPY ct, line 1: "5\tx"\n',
         files={"copy.sql": "CREATE TABLE ct (a int, b text, c numeric);\nCOPY ct FROM stdin;\n"
                            "1\thello\t1.5\n2\t\\N\t2\n3\ttab\\there\\nline\t\\N\n\\.\n"
                            "SELECT * FROM ct ORDER BY a;\nCOPY ct (a, b) FROM STDIN NULL 'null';\n"
                            "4\tnull\n\\.\nCOPY ct TO STDOUT;\n"
                            "COPY (SELECT a FROM ct WHERE a > 2) TO stdout;\n"
                            "COPY ct FROM stdin;\n5\tx\n6\n7\ty\tz\n\\.\n"
                            "SELECT count(*) FROM ct;\nDROP TABLE ct;\n"}),
    Case("copy_errors", ["-X"],
         "CREATE TABLE ct2 (a int, b int);\nCOPY ct2 FROM stdin;\n1\t2\t3\n\\.\n"
         "COPY ct2 FROM stdin;\nx\t1\n\\.\nCOPY ct2 (b) FROM stdin;\n1\n\\.\nDROP TABLE ct2;\n",
         "CREATE TABLE\nCOPY 1\nDROP TABLE\n",
         'ERROR:  extra data after last expected column\nCONTEXT:  COPY ct2, line 1: "1\t2\t3"\n'
         'ERROR:  invalid input syntax for type integer: "x"\nCONTEXT:  COPY ct2, line 1, column a: "x"\n'),
    Case("invalid_meta_command", ["-X"], "\\bogus\nSELECT 2 AS b;\n", B_TABLE,
         "invalid command \\bogus\n"),
    Case("quit_stops_reading", ["-X"], "SELECT 1 AS a;\n\\q\nSELECT 2 AS b;\n", A_TABLE),
    Case("query_buffer_g", ["-X"], "SELECT 1 AS a \\g\n", A_TABLE),
    # pgmicro-only behaviour (psql's differs by name or by nature)
    Case("version", ["--version"], out_re=r"pgmicro \S+ \(PostgreSQL 15\.\d+\)\n", psql=False),
    Case("help", ["--help"], out_re=r"(?s)pgmicro.*Usage:.*-c, --command.*ON_ERROR_STOP.*", psql=False),
    Case("bad_option", ["--bogus"], out="", rc=1, psql=False,
         err="{bin}: unrecognized option '--bogus'\n"
             "pgmicro: hint: Try \"pgmicro --help\" for more information.\n"),
    Case("rc_file_read", ["-c", "\\echo :rcvar"], out="42\n", psql=False,
         env={"HOME": "{tmp}"}, files={".pgmicrorc": "\\set rcvar 42\n"}),
    Case("rc_file_skipped_with_X", ["-X", "-c", "\\echo :rcvar"], out=":rcvar\n", psql=False,
         env={"HOME": "{tmp}"}, files={".pgmicrorc": "\\set rcvar 42\n"}),
]


BINARY = ""  # the program under test, for messages that name it (getopt's)


def expand(s, tmp):
    return s.replace("{tmp}", tmp).replace("{bin}", BINARY) if isinstance(s, str) else s


def run_case(case, command, oracle):
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in case.files.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, name)), exist_ok=True)
            with open(os.path.join(tmp, name), "w") as f:
                f.write(expand(text, tmp))
        env = dict(os.environ, PGTZ="UTC")
        env.update({k: expand(v, tmp) for k, v in case.env.items()})
        args = [expand(a, tmp) for a in case.args]
        p = subprocess.run(command + args, input=expand(case.stdin, tmp),
                           capture_output=True, text=True, encoding="utf-8", env=env,
                           timeout=60)
        out, err = p.stdout, p.stderr
        if oracle:
            err = err.replace("psql:", "pgmicro:")
        problems = []
        if case.out_re is not None:
            if not re.fullmatch(case.out_re, out):
                problems.append(("stdout (regex)", case.out_re, out))
        elif case.out is not None and out != expand(case.out, tmp):
            problems.append(("stdout", expand(case.out, tmp), out))
        if err != expand(case.err, tmp):
            problems.append(("stderr", expand(case.err, tmp), err))
        if p.returncode != case.rc:
            problems.append(("exit code", case.rc, p.returncode))
        return problems


def read_until(fd, pattern, timeout=10):
    """Read from a pty until pattern (a regex) matches what was read."""
    data, end = b"", time.time() + timeout
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            if re.search(pattern, data.decode(errors="replace"), re.S):
                return data.decode(errors="replace")
    raise AssertionError("timed out waiting for %r; got %r" % (pattern, data))


def tty_case(binary):
    """On a terminal: prompts, continuation prompt, Ctrl-C clears the buffer,
    Tab completion, history file."""
    with tempfile.TemporaryDirectory() as tmp:
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["HOME"] = tmp
            os.environ["TERM"] = "dumb"
            os.execv(binary, [binary, "-X"])
        try:
            read_until(fd, r"pgmicro=> ")
            os.write(fd, b"SELECT 40 +\r")
            read_until(fd, r"pgmicro-> ")
            os.write(fd, b"2 AS answer;\r")
            read_until(fd, r"answer.*\n.*-+.*\n.*42.*\n.*\(1 row\).*pgmicro=> ")
            os.write(fd, b"SELECT 'lost' AS x")
            time.sleep(0.3)
            os.write(fd, b"\x03")
            time.sleep(0.3)
            os.write(fd, b"SELECT 'kept' AS y;\r")
            got = read_until(fd, r"\(1 row\)")
            assert "lost" not in got.split("kept")[-1], "Ctrl-C did not clear the buffer"
            assert re.search(r" y \s*\r?\n-+\r?\n kept", got), got
            # psql's prompt states: quote, parenthesis, transaction, failed transaction
            os.write(fd, b"SELECT 'a\r")
            read_until(fd, r"pgmicro'> ")
            os.write(fd, b"b' AS x, (1\r")
            read_until(fd, r"pgmicro\(> ")
            os.write(fd, b") AS y;\r")
            read_until(fd, r"\(1 row\).*pgmicro=> ")
            os.write(fd, b"BEGIN;\r")
            read_until(fd, r"pgmicro=\*> ")
            os.write(fd, b"SELECT * FROM nosuch;\r")
            read_until(fd, r"pgmicro=!> ")
            os.write(fd, b"ROLLBACK;\r")
            read_until(fd, r"ROLLBACK\r?\npgmicro=> ")
            # Tab completes keywords and table names
            os.write(fd, b"CREATE TABLE zebra (a int);\r")
            read_until(fd, r"CREATE TABLE\r?\n.*pgmicro=> ")
            os.write(fd, b"sel\t* FROM zeb\t;\r")
            read_until(fd, r"select \* FROM zebra ;.*\(0 rows\)")
            os.write(fd, b"\\q\r")
            _, status = os.waitpid(pid, 0)
            assert os.WEXITSTATUS(status) == 0, status
            hist = os.path.join(tmp, ".pgmicro_history")
            assert os.path.exists(hist), "history file not written"
        finally:
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(fd)
    return []


def file_db_case(binary):
    """`pgmicro FILE` creates the file; a second run sees the data."""
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "test.db")
        first = subprocess.run([binary, "-X", db, "-c", "CREATE TABLE kept (a int)",
                                "-c", "INSERT INTO kept VALUES (7)"],
                               capture_output=True, text=True, timeout=60)
        problems = []
        if first.stdout != "CREATE TABLE\nINSERT 0 1\n" or first.returncode != 0:
            problems.append(("first run", "CREATE TABLE/INSERT 0 1", first.stdout + first.stderr))
        if not os.path.exists(db):
            problems.append(("file", db, "missing"))
        second = subprocess.run([binary, "-X", "-At", db, "-c", "SELECT a FROM kept"],
                                capture_output=True, text=True, timeout=60)
        if second.stdout != "7\n" or second.returncode != 0:
            problems.append(("second run", "7\n", second.stdout + second.stderr))
        memory = subprocess.run([binary, "-X", ":memory:", "-c", "SELECT a FROM kept"],
                                capture_output=True, text=True, timeout=60)
        if memory.returncode != 1:
            problems.append((":memory: is empty", 1, memory.returncode))
    return problems


LONG_QUERY = (b"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
              b"SELECT count(*) FROM c;\r")


def sigint_script_case(command):
    """SIGINT during a script's statement cancels it and stops the script (exit 3)."""
    p = subprocess.Popen(command + ["-X"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    p.stdin.write(LONG_QUERY.decode().replace("\r", "\n") + "SELECT 1 AS a;\n")
    p.stdin.close()
    time.sleep(1.5)
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.stdout.read(), p.stderr.read()
        rc = p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        return [("exit", "stopped by SIGINT", "still running")]
    want = "Cancel request sent\nERROR:  canceling statement due to user request\n"
    problems = []
    if out != "":
        problems.append(("stdout", "", out))
    if err != want:
        problems.append(("stderr", want, err))
    if rc != 3:
        problems.append(("exit code", 3, rc))
    return problems


def tty_cancel_case(binary):
    """Ctrl-C while a statement runs interrupts it, as psql's cancel does."""
    with tempfile.TemporaryDirectory() as tmp:
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["HOME"] = tmp
            os.environ["TERM"] = "dumb"
            os.execv(binary, [binary, "-X"])
        try:
            read_until(fd, r"pgmicro=> ")
            os.write(fd, LONG_QUERY)
            time.sleep(1.0)
            os.write(fd, b"\x03")
            got = read_until(fd, r"ERROR:.*\n.*pgmicro=> ")
            assert "Cancel request sent" in got, got
            assert "ERROR:  canceling statement due to user request" in got, got
            os.write(fd, b"SELECT 1 AS still_alive;\r")
            read_until(fd, r"still_alive.*\(1 row\)")
            os.write(fd, b"\\q\r")
            _, status = os.waitpid(pid, 0)
            assert os.WEXITSTATUS(status) == 0, status
        finally:
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(fd)
    return []


def main():
    oracle = len(sys.argv) > 1 and sys.argv[1] == "--oracle"
    if oracle:
        create_oracle_db()
        command = PSQL
    elif len(sys.argv) > 1:
        command = [os.path.abspath(sys.argv[1])]
        global BINARY
        BINARY = command[0]
    else:
        sys.exit("usage: test_shell.py PATH/TO/pgmicro | --oracle")
    failed = 0
    for case in CASES:
        if oracle and not case.psql:
            continue
        problems = run_case(case, command, oracle)
        failed += report(case.name, problems)
    failed += report("sigint_cancels_and_stops_script", sigint_script_case(command))
    if not oracle:
        failed += report("file_database_persists", file_db_case(command[0]))
        try:
            problems = tty_case(command[0])
        except AssertionError as e:
            problems = [("tty", "prompt, continuation, Ctrl-C", str(e))]
        failed += report("tty_prompt_and_ctrl_c", problems)
        try:
            problems = tty_cancel_case(command[0])
        except AssertionError as e:
            problems = [("tty", "Ctrl-C cancels the running statement", str(e))]
        failed += report("tty_ctrl_c_cancels_query", problems)
    print("%d failed" % failed)
    sys.exit(1 if failed else 0)


def report(name, problems):
    if not problems:
        print("ok   %s" % name)
        return 0
    print("FAIL %s" % name)
    for what, want, got in problems:
        print("  %s:\n    expected: %r\n    got:      %r" % (what, want, got))
    return 1


if __name__ == "__main__":
    main()
