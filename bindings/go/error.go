package pgmicro

import (
	"errors"
	"strings"
)

// Error is a PostgreSQL error report from the engine: every error that comes
// from SQL (syntax, constraint violation, cancellation, ...) is an *Error.
// Use errors.As to reach it:
//
//	var pe *pgmicro.Error
//	if errors.As(err, &pe) && pe.SQLState() == "23505" { ... }
//
// An error caused by a context (cancellation or deadline) carries SQLSTATE
// 57014 and also matches the context's error with errors.Is.
type Error struct {
	Severity string // "ERROR" or "FATAL"
	Code     string // five-character SQLSTATE, e.g. "23505"
	Message  string // primary message, e.g. `relation "t" does not exist`
	Detail   string // DETAIL line, or ""
	Hint     string // HINT line, or ""
	Position int    // 1-based character position in the statement, 0 if none

	cause error // context.Canceled / context.DeadlineExceeded, or nil
}

// SQLState returns the five-character SQLSTATE.
func (e *Error) SQLState() string { return e.Code }

// Error formats the report as pgx does: `ERROR: message (SQLSTATE 23505)`.
func (e *Error) Error() string {
	var b strings.Builder
	sev := e.Severity
	if sev == "" {
		sev = "ERROR"
	}
	b.WriteString(sev)
	b.WriteString(": ")
	b.WriteString(e.Message)
	b.WriteString(" (SQLSTATE ")
	b.WriteString(e.Code)
	b.WriteString(")")
	return b.String()
}

// Unwrap returns the context error that stopped the statement, if any.
func (e *Error) Unwrap() error { return e.cause }

// ErrTxCommitRollback is returned by Commit when the transaction had
// already failed, so that COMMIT rolled it back (PostgreSQL's tag ROLLBACK).
var ErrTxCommitRollback = errors.New("pgmicro: commit unexpectedly resulted in rollback (the transaction had failed)")

// errArrays is returned for Go slices and arrays given as parameters.
var errArrays = errors.New("pgmicro: array parameters are not supported (the engine has no array types yet)")

func newError(code, msg string) *Error {
	return &Error{Severity: "ERROR", Code: code, Message: msg}
}
