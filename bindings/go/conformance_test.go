package pgmicro

// The shared conformance suite (../../conformance/README.md) run through
// this driver: every case file, strict expected failures from
// conformance/xfail/common.txt + conformance/xfail/go.txt.
//
//	go test -run 'TestConformance' -v              every case, summary at the end
//	go test -run 'TestConformance/types_int/' -v   one file
//	PGM_CONFORMANCE_DIFF=1 go test -run ...        print the actual result as case text

import (
	"bufio"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

const conformanceDir = "../../conformance"

type caseStep struct {
	line    int
	sql     string
	params  []caseParam // nil: no params section
	columns [][2]string // nil: not checked
	rows    [][]*string // nil: not checked
	sorted  bool
	tag     *string
	errCode string
	errMsg  string
}

type caseParam struct {
	typ   string
	value *string // nil = NULL
}

type confCase struct {
	name  string
	setup []string
	steps []*caseStep
}

var caseNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
var sqlstateRE = regexp.MustCompile(`^[0-9A-Z]{5}$`)

func splitCells(s string) []string {
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			cur.WriteByte(c)
			cur.WriteByte(s[i+1])
			i++
			continue
		}
		if c == '|' {
			cells = append(cells, strings.Trim(cur.String(), " "))
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	return append(cells, strings.Trim(cur.String(), " "))
}

func unescapeCell(raw string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(raw) {
			return "", fmt.Errorf("bad escape in %q", raw)
		}
		i++
		switch raw[i] {
		case '\\':
			b.WriteByte('\\')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 's':
			b.WriteByte(' ')
		case 'e':
		case '|':
			b.WriteByte('|')
		case 'N':
			b.WriteByte('N')
		default:
			return "", fmt.Errorf("bad escape in %q", raw)
		}
	}
	return b.String(), nil
}

func decodeCell(raw string) (*string, error) {
	if raw == "NULL" {
		return nil, nil
	}
	s, err := unescapeCell(raw)
	return &s, err
}

func encodeCell(v *string) string {
	if v == nil {
		return "NULL"
	}
	s := *v
	if s == "" {
		return `\e`
	}
	if s == "NULL" {
		return `\NULL`
	}
	s = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`, "|", `\|`).Replace(s)
	lead := len(s) - len(strings.TrimLeft(s, " "))
	if lead == len(s) {
		return strings.Repeat(`\s`, len(s))
	}
	trail := len(s) - len(strings.TrimRight(s, " "))
	return strings.Repeat(`\s`, lead) + s[lead:len(s)-trail] + strings.Repeat(`\s`, trail)
}

func encodeRow(r []*string) string {
	parts := make([]string, len(r))
	for i, c := range r {
		parts[i] = encodeCell(c)
	}
	return strings.Join(parts, " | ")
}

func parseCaseFile(path string) ([]*confCase, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	stem := strings.TrimSuffix(filepath.Base(path), ".case")
	lines := strings.Split(string(data), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	var cases []*confCase
	var cur *confCase
	names := map[string]bool{}
	i, n := 0, len(lines)
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", path, i+1, fmt.Sprintf(format, a...))
	}
	for i < n {
		line := lines[i]
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			i++
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch word {
		case "case":
			if !caseNameRE.MatchString(rest) {
				return nil, fail("bad case name %q", rest)
			}
			full := stem + "/" + rest
			if names[full] {
				return nil, fail("duplicate case name %s", full)
			}
			names[full] = true
			cur = &confCase{name: full}
			cases = append(cases, cur)
			i++
		case "setup":
			if cur == nil || rest != "" || len(cur.steps) > 0 {
				return nil, fail("misplaced setup")
			}
			i++
			var acc []string
			for i < n && strings.TrimSpace(lines[i]) != "" && lines[i] != "step" {
				acc = append(acc, lines[i])
				if strings.HasSuffix(strings.TrimRight(lines[i], " \t"), ";") {
					cur.setup = append(cur.setup, strings.Join(acc, "\n"))
					acc = nil
				}
				i++
			}
			if acc != nil {
				return nil, fail(`setup statement not terminated by ";"`)
			}
		case "step":
			if cur == nil || rest != "" {
				return nil, fail("misplaced step")
			}
			st := &caseStep{line: i + 1}
			cur.steps = append(cur.steps, st)
			i++
			var sqlLines []string
			for i < n && strings.TrimSpace(lines[i]) != "" && !strings.HasPrefix(lines[i], "----") {
				sqlLines = append(sqlLines, lines[i])
				i++
			}
			if len(sqlLines) == 0 {
				return nil, fail("step without SQL")
			}
			st.sql = strings.Join(sqlLines, "\n")
			for i < n && strings.TrimSpace(lines[i]) != "" {
				l := lines[i]
				if !strings.HasPrefix(l, "---- ") {
					return nil, fail(`expected a "---- " section line`)
				}
				kw, arg, _ := strings.Cut(l[5:], " ")
				arg = strings.TrimSpace(arg)
				i++
				switch kw {
				case "params":
					st.params = []caseParam{}
					if arg != "" {
						for _, raw := range splitCells(arg) {
							t, v, _ := strings.Cut(raw, " ")
							v = strings.Trim(v, " ")
							if t == "" || v == "" {
								return nil, fail(`param needs "type value"`)
							}
							dv, err := decodeCell(v)
							if err != nil {
								return nil, fail("%v", err)
							}
							st.params = append(st.params, caseParam{t, dv})
						}
					}
				case "columns":
					st.columns = [][2]string{}
					for _, raw := range splitCells(arg) {
						k := strings.LastIndexByte(raw, ' ')
						if k <= 0 || k == len(raw)-1 {
							return nil, fail(`column needs "name type"`)
						}
						nm, err := unescapeCell(strings.Trim(raw[:k], " "))
						if err != nil {
							return nil, fail("%v", err)
						}
						st.columns = append(st.columns, [2]string{nm, raw[k+1:]})
					}
				case "tag":
					if arg == "" {
						return nil, fail("tag needs a value")
					}
					tag := arg
					st.tag = &tag
				case "error":
					code, msg, _ := strings.Cut(arg, " ")
					if !sqlstateRE.MatchString(code) {
						return nil, fail("error needs a 5-character SQLSTATE")
					}
					st.errCode, st.errMsg = code, strings.TrimSpace(msg)
				case "ok":
				case "rows":
					if arg != "" && arg != "sorted" {
						return nil, fail(`rows takes only "sorted"`)
					}
					st.sorted = arg == "sorted"
					st.rows = [][]*string{}
					for i < n && strings.TrimSpace(lines[i]) != "" {
						var row []*string
						for _, c := range splitCells(lines[i]) {
							dv, err := decodeCell(c)
							if err != nil {
								return nil, fail("%v", err)
							}
							row = append(row, dv)
						}
						st.rows = append(st.rows, row)
						i++
					}
				default:
					return nil, fail("unknown section %q", kw)
				}
				if kw == "rows" {
					break
				}
			}
			if st.errCode != "" && (st.rows != nil || st.columns != nil || st.tag != nil) {
				return nil, fail("a step expects either an error or a result, not both")
			}
		default:
			return nil, fail("unexpected line %q", line)
		}
	}
	for _, c := range cases {
		if len(c.steps) == 0 {
			return nil, fmt.Errorf("%s: case %s has no step", path, c.name)
		}
	}
	return cases, nil
}

func loadXfail(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return map[string]bool{}, nil
		}
		return nil, err
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if k := strings.IndexByte(l, '#'); k >= 0 {
			l = l[:k]
		}
		if l = strings.TrimSpace(l); l != "" {
			out[l] = true
		}
	}
	return out, sc.Err()
}

// stepResult is what a step produced.
type stepResult struct {
	errCode, errMsg string
	columns         [][2]string
	rows            [][]*string
	tag             string
}

func runStep(cn *conn, st *caseStep) stepResult {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := make([]driver.NamedValue, len(st.params))
	for k, p := range st.params {
		nv := driver.NamedValue{Ordinal: k + 1}
		switch {
		case p.value == nil:
			nv.Value = nil
		case p.typ == "unknown":
			nv.Value = *p.value
		default:
			nv.Value = TypedText{Type: p.typ, Text: *p.value}
		}
		if err := checkNamedValue(&nv); err != nil {
			return stepResult{errCode: "?????", errMsg: err.Error()}
		}
		args[k] = nv
	}
	fromErr := func(err error) stepResult {
		var pe *Error
		if errors.As(err, &pe) {
			return stepResult{errCode: pe.SQLState(), errMsg: pe.Message}
		}
		return stepResult{errCode: "?????", errMsg: err.Error()}
	}
	dr, err := cn.query(ctx, st.sql, args, true)
	if err != nil {
		return fromErr(err)
	}
	defer dr.Close()
	var res stepResult
	r, ok := dr.(*rows)
	if !ok { // no statement in the text
		return res
	}
	for i, name := range r.Columns() {
		res.columns = append(res.columns, [2]string{name, strings.ToLower(r.ColumnTypeDatabaseTypeName(i))})
	}
	dest := make([]driver.Value, len(res.columns))
	for {
		err := r.Next(dest)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fromErr(err)
		}
		row := make([]*string, len(dest))
		for k, v := range dest {
			if v != nil {
				s := v.(string)
				row[k] = &s
			}
		}
		res.rows = append(res.rows, row)
	}
	res.tag = r.tag
	return res
}

func sortRows(rs [][]*string) [][]*string {
	out := append([][]*string(nil), rs...)
	sort.SliceStable(out, func(a, b int) bool {
		x, y := out[a], out[b]
		for k := 0; k < len(x) && k < len(y); k++ {
			switch {
			case x[k] == nil && y[k] == nil:
				continue
			case x[k] == nil:
				return true
			case y[k] == nil:
				return false
			case *x[k] != *y[k]:
				return *x[k] < *y[k]
			}
		}
		return len(x) < len(y)
	})
	return out
}

func rowsEqual(a, b [][]*string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for k := range a[i] {
			x, y := a[i][k], b[i][k]
			if (x == nil) != (y == nil) || (x != nil && *x != *y) {
				return false
			}
		}
	}
	return true
}

// compareStep returns nil when res matches st, else explanation lines.
func compareStep(st *caseStep, res stepResult) []string {
	var out []string
	if st.errCode != "" {
		if res.errCode == "" {
			return []string{fmt.Sprintf("expected error %s, got success (%s)", st.errCode, res.tag)}
		}
		if res.errCode != st.errCode {
			return []string{fmt.Sprintf("expected SQLSTATE %s, got %s: %s", st.errCode, res.errCode, res.errMsg)}
		}
		if st.errMsg != "" && !strings.Contains(res.errMsg, st.errMsg) {
			return []string{fmt.Sprintf("expected message containing %q, got %q", st.errMsg, res.errMsg)}
		}
		return nil
	}
	if res.errCode != "" {
		return []string{fmt.Sprintf("unexpected error %s: %s", res.errCode, res.errMsg)}
	}
	if st.columns != nil {
		same := len(st.columns) == len(res.columns)
		for k := 0; same && k < len(st.columns); k++ {
			same = st.columns[k] == res.columns[k]
		}
		if !same {
			f := func(cs [][2]string) string {
				var p []string
				for _, c := range cs {
					p = append(p, c[0]+" "+c[1])
				}
				return strings.Join(p, " | ")
			}
			out = append(out, "columns: expected "+f(st.columns), "           actual "+f(res.columns))
		}
	}
	if st.tag != nil && *st.tag != res.tag {
		out = append(out, fmt.Sprintf("tag: expected %q, actual %q", *st.tag, res.tag))
	}
	if st.rows != nil {
		exp, act := st.rows, res.rows
		if st.sorted {
			exp, act = sortRows(exp), sortRows(act)
		}
		if !rowsEqual(exp, act) {
			out = append(out, "rows: expected")
			for _, r := range exp {
				out = append(out, "  "+encodeRow(r))
			}
			out = append(out, "      actual")
			for _, r := range act {
				out = append(out, "  "+encodeRow(r))
			}
		}
	}
	return out
}

// actualCaseText renders a step's actual result as case text.
func actualCaseText(res stepResult) string {
	if res.errCode != "" {
		return "---- error " + res.errCode + " " + res.errMsg
	}
	var b strings.Builder
	var cols []string
	for _, c := range res.columns {
		cols = append(cols, encodeCell(&c[0])+" "+c[1])
	}
	if len(cols) > 0 {
		fmt.Fprintf(&b, "---- columns %s\n", strings.Join(cols, " | "))
	}
	fmt.Fprintf(&b, "---- tag %s\n---- rows\n", res.tag)
	for _, r := range res.rows {
		b.WriteString(encodeRow(r) + "\n")
	}
	return b.String()
}

// runCase runs one case on a fresh in-memory database; "" means it passed.
func runCase(c *confCase) string {
	conn0, err := (&Connector{cfg: &config{path: ":memory:", busyTimeout: 5000}}).Connect(context.Background())
	if err != nil {
		return "open: " + err.Error()
	}
	cn := conn0.(*conn)
	defer cn.Close()
	for _, s := range c.setup {
		if _, err := cn.ExecContext(context.Background(), s, nil); err != nil {
			return fmt.Sprintf("setup failed: %s: %v", s, err)
		}
	}
	var failure string
	for k, st := range c.steps {
		res := runStep(cn, st)
		if failure != "" {
			continue
		}
		if diff := compareStep(st, res); diff != nil {
			failure = fmt.Sprintf("step %d (line %d): %s\n%s", k+1, st.line, st.sql, strings.Join(diff, "\n"))
			if os.Getenv("PGM_CONFORMANCE_DIFF") != "" {
				failure += "\nactual as case text:\n" + actualCaseText(res)
			}
		}
	}
	return failure
}

func TestConformance(t *testing.T) {
	if _, err := os.Stat(filepath.Join(conformanceDir, "cases")); os.IsNotExist(err) {
		t.Skip("conformance suite not found (the module is used outside the pgmicro repository)")
	}
	files, err := filepath.Glob(filepath.Join(conformanceDir, "cases", "*.case"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files under %s/cases (%v)", conformanceDir, err)
	}
	sort.Strings(files)
	xfail, err := loadXfail(filepath.Join(conformanceDir, "xfail", "common.txt"))
	if err != nil {
		t.Fatal(err)
	}
	own, err := loadXfail(filepath.Join(conformanceDir, "xfail", "go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for k := range own {
		xfail[k] = true
	}
	var all []*confCase
	for _, f := range files {
		cs, err := parseCaseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cs...)
	}
	known := map[string]bool{}
	var passed, failed, expected, unexpectedPass, ran int
	for _, c := range all {
		c := c
		known[c.name] = true
		t.Run(c.name+"/", func(t *testing.T) {
			ran++
			failure := runCase(c)
			listed := xfail[c.name]
			switch {
			case failure == "" && !listed:
				passed++
			case failure == "" && listed:
				failed++
				unexpectedPass++
				t.Errorf("%s: unexpected pass: remove it from the xfail list", c.name)
			case listed:
				expected++
				first, _, _ := strings.Cut(failure, "\n")
				t.Logf("%s: expected failure: %s", c.name, first)
			default:
				failed++
				t.Errorf("%s: %s", c.name, failure)
			}
		})
	}
	stale := 0
	if ran == len(all) {
		for name := range xfail {
			if !known[name] {
				stale++
				failed++
				t.Errorf("stale xfail entry %s: no such case", name)
			}
		}
	}
	t.Logf("conformance: %d passed, %d failed", passed, failed)
	t.Logf("conformance: %d expected failures (xfail), %d unexpected passes, %d stale xfail entries", expected, unexpectedPass, stale)
	fmt.Printf("conformance: %d passed, %d failed\n", passed, failed)
	fmt.Printf("conformance: %d expected failures (xfail), %d unexpected passes, %d stale xfail entries\n", expected, unexpectedPass, stale)
}
