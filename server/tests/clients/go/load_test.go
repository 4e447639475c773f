package clients

// A load test: 50 clients, each on its own connection to one file database,
// mix reads and writes for PGMICRO_LOAD_SECONDS (default 15).  Every write
// whose COMMIT was acknowledged is recorded client-side; afterwards every
// acknowledged row must be in the table and no other row may be.  Writers
// must queue for the one SQLite writer (busy timeout), not fail at once:
// any failed transaction fails the test, with its SQLSTATE counted.

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

const loadClients = 50

type loadStats struct {
	commits, reads, readWrites atomic.Int64
	mu                         sync.Mutex
	failures                   map[string]int // SQLSTATE -> count
	acked                      map[int64]bool // acknowledged writes (id)
	unacked                    map[int64]bool // attempted, not acknowledged
}

func (s *loadStats) fail(err error, where string) {
	s.mu.Lock()
	s.failures[where+" "+sqlstate(err)]++
	s.mu.Unlock()
}

// One writer transaction: two rows, the second read back before COMMIT.
// With readFirst the transaction reads before it writes (a lock upgrade).
func writeTx(ctx context.Context, c *pgx.Conn, client, seq int, readFirst bool, s *loadStats) {
	id1, id2 := int64(client)<<32|int64(2*seq), int64(client)<<32|int64(2*seq+1)
	s.mu.Lock()
	s.unacked[id1], s.unacked[id2] = true, true
	s.mu.Unlock()
	tx, err := c.Begin(ctx)
	if err != nil {
		s.fail(err, "BEGIN")
		return
	}
	defer tx.Rollback(ctx)
	if readFirst {
		var n int64
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM load WHERE client = $1", client).Scan(&n); err != nil {
			s.fail(err, "first read")
			return
		}
	}
	for _, id := range []int64{id1, id2} {
		began := time.Now()
		if _, err := tx.Exec(ctx, "INSERT INTO load (id, client, payload) VALUES ($1, $2, $3)",
			id, client, fmt.Sprintf("c%d-s%d", client, seq)); err != nil {
			s.fail(err, fmt.Sprintf("INSERT after %.1f s waiting", time.Since(began).Seconds()))
			return
		}
	}
	var back string
	if err := tx.QueryRow(ctx, "SELECT payload FROM load WHERE id = $1", id2).Scan(&back); err != nil {
		s.fail(err, "read back")
		return
	}
	if err := tx.Commit(ctx); err != nil {
		s.fail(err, "COMMIT")
		return
	}
	s.mu.Lock()
	delete(s.unacked, id1)
	delete(s.unacked, id2)
	s.acked[id1], s.acked[id2] = true, true
	s.mu.Unlock()
	s.commits.Add(1)
	if readFirst {
		s.readWrites.Add(1)
	}
}

func loadClient(ctx context.Context, client int, deadline time.Time, s *loadStats) {
	c, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%s/postgres?sslmode=disable", os.Getenv("PGMICRO_PORT")))
	if err != nil {
		s.fail(err, "connect")
		return
	}
	defer c.Close(ctx)
	rng := rand.New(rand.NewSource(int64(client)))
	for seq := 0; time.Now().Before(deadline); seq++ {
		switch r := rng.Intn(10); {
		case r < 3:
			writeTx(ctx, c, client, seq, false, s)
		case r < 4:
			writeTx(ctx, c, client, seq, true, s)
		default:
			var n int64
			var maxID *int64
			if err := c.QueryRow(ctx, "SELECT count(*), max(id) FROM load WHERE client = $1", client).Scan(&n, &maxID); err != nil {
				s.fail(err, "read")
				continue
			}
			s.reads.Add(1)
		}
	}
}

func TestLoad(t *testing.T) {
	seconds := 15
	if v, err := strconv.Atoi(os.Getenv("PGMICRO_LOAD_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	ctx := context.Background()
	setup := connect(t, "PGMICRO_PORT", "")
	if _, err := setup.Exec(ctx, "DROP TABLE IF EXISTS load; CREATE TABLE load (id int8 PRIMARY KEY, client int, payload text)"); err != nil {
		t.Fatal(err)
	}
	s := &loadStats{failures: map[string]int{}, acked: map[int64]bool{}, unacked: map[int64]bool{}}
	start := time.Now()
	deadline := start.Add(time.Duration(seconds) * time.Second)
	var wg sync.WaitGroup
	for i := 0; i < loadClients; i++ {
		wg.Add(1)
		go func(client int) { defer wg.Done(); loadClient(ctx, client, deadline, s) }(i)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()

	rows, err := setup.Query(ctx, "SELECT id FROM load")
	if err != nil {
		t.Fatal(err)
	}
	present := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		present[id] = true
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	missing, extra := 0, 0
	for id := range s.acked {
		if !present[id] {
			missing++
		}
	}
	for id := range present {
		if !s.acked[id] {
			extra++
		}
	}
	t.Logf("load: %d clients, %.1f s: %d write transactions committed (%.0f/s, %d of them read first), %d reads (%.0f/s), failures by SQLSTATE %v",
		loadClients, elapsed, s.commits.Load(), float64(s.commits.Load())/elapsed, s.readWrites.Load(),
		s.reads.Load(), float64(s.reads.Load())/elapsed, s.failures)
	if missing != 0 || extra != 0 {
		t.Errorf("%d acknowledged rows missing, %d rows never acknowledged present", missing, extra)
	}
	if len(s.failures) != 0 {
		t.Errorf("transactions failed under contention: %v", s.failures)
	}
	if s.commits.Load() == 0 || s.reads.Load() == 0 {
		t.Errorf("no progress: %d commits, %d reads", s.commits.Load(), s.reads.Load())
	}
}
