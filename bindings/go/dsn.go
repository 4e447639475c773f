package pgmicro

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// config is a parsed DSN.
//
//	/path/to/file.db?busy_timeout=5000&statement_timeout=1s&dialect=sqlite
//	:memory:
//	file:name?mode=memory&cache=shared&busy_timeout=1000   (SQLite URI)
//
// Options (all optional):
//
//	busy_timeout       wait for another connection's lock (ms or Go duration; default 5000)
//	statement_timeout  like PostgreSQL's statement_timeout (ms or Go duration; default 0 = none)
//	dialect            postgres (default) or sqlite
//	journal_mode       SQLite journal mode set at connect: wal (default for
//	                   writable file databases), delete, truncate, persist, memory, off, or
//	                   "default" to leave the file as it is
//	mode               ro (read-only), rw (must exist), rwc (default); in a file: URI
//	                   it is passed to SQLite (mode=memory, ...)
//
// A DSN starting with "file:" is a SQLite URI: the options above are taken
// out and every other parameter (mode, cache, vfs, ...) is left for SQLite.
type config struct {
	path             string
	flags            int
	busyTimeout      int   // ms
	statementTimeout int64 // ms
	dialect          int
	journalMode      string // "" = leave as is
}

func parseDSN(dsn string) (*config, error) {
	cfg := &config{busyTimeout: 5000, dialect: dialectPostgres}
	base, query, _ := strings.Cut(dsn, "?")
	if base == "" {
		return nil, fmt.Errorf("pgmicro: empty database path in DSN %q (use a file name or :memory:)", dsn)
	}
	vals, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("pgmicro: bad DSN options %q: %v", query, err)
	}
	uri := strings.HasPrefix(base, "file:")
	memory := base == ":memory:" || base == "file::memory:"
	journal := "wal"
	journalSet := false
	rest := url.Values{}
	for key, vs := range vals {
		v := vs[len(vs)-1]
		switch key {
		case "busy_timeout", "_busy_timeout":
			ms, err := parseMillis(v)
			if err != nil {
				return nil, fmt.Errorf("pgmicro: DSN option busy_timeout: %v", err)
			}
			cfg.busyTimeout = int(ms)
		case "statement_timeout":
			ms, err := parseMillis(v)
			if err != nil {
				return nil, fmt.Errorf("pgmicro: DSN option statement_timeout: %v", err)
			}
			cfg.statementTimeout = ms
		case "dialect":
			switch strings.ToLower(v) {
			case "postgres", "postgresql", "pg":
				cfg.dialect = dialectPostgres
			case "sqlite":
				cfg.dialect = dialectSQLite
			default:
				return nil, fmt.Errorf("pgmicro: DSN option dialect must be postgres or sqlite, not %q", v)
			}
		case "journal_mode", "_journal_mode":
			switch m := strings.ToLower(v); m {
			case "wal", "delete", "truncate", "persist", "memory", "off":
				journal = m
			case "default", "":
				journal = ""
			default:
				return nil, fmt.Errorf("pgmicro: DSN option journal_mode: unknown mode %q", v)
			}
			journalSet = true
		case "mode":
			if uri {
				rest[key] = vs
				if v == "memory" {
					memory = true
				}
				if v == "ro" {
					cfg.flags |= openReadOnly
				}
				continue
			}
			switch v {
			case "ro":
				cfg.flags |= openReadOnly
			case "rw":
				cfg.flags |= openNoCreate
			case "rwc":
			default:
				return nil, fmt.Errorf("pgmicro: DSN option mode must be ro, rw or rwc for a plain path, not %q (mode=memory needs a file: URI)", v)
			}
		default:
			if !uri {
				return nil, fmt.Errorf("pgmicro: unknown DSN option %q (known: busy_timeout, statement_timeout, dialect, journal_mode, mode; SQLite URI parameters need a file: DSN)", key)
			}
			rest[key] = vs
		}
	}
	if uri {
		cfg.flags |= openURI
		cfg.path = base
		if len(rest) > 0 {
			cfg.path += "?" + rest.Encode()
		}
		if strings.Contains(base, ":memory:") {
			memory = true
		}
	} else {
		cfg.path = base
	}
	if memory || cfg.flags&openReadOnly != 0 {
		if !journalSet {
			journal = ""
		}
	}
	cfg.journalMode = journal
	if cfg.dialect == dialectSQLite {
		cfg.flags |= openSQLiteDialect
	}
	return cfg, nil
}

// parseMillis reads "5000" (milliseconds) or a Go duration ("1s", "250ms").
func parseMillis(v string) (int64, error) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, fmt.Errorf("negative value %q", v)
		}
		return n, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is neither milliseconds nor a duration", v)
	}
	if d < 0 {
		return 0, fmt.Errorf("negative value %q", v)
	}
	ms := int64(d / time.Millisecond)
	if d > 0 && ms == 0 {
		ms = 1
	}
	return ms, nil
}
