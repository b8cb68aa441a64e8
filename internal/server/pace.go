package server

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// A request body (a render's, or a file uploaded to verify) must keep
// arriving: besides its overall deadline (BodyTimeout, UploadTimeout), it
// may send nothing for at most BodyIdle, from its start or its last
// bytes, and after the first BodyIdle it must average BodyMinRate bytes a
// second. A client that trickles a byte a second is answered 408 after
// BodyIdle, not after the overall deadline, so that it holds what it
// holds (memory, an upload slot) for no longer.

// why a paced body's last read deadline was set when it was
const (
	cutTotal = iota // the overall deadline
	cutIdle         // nothing arrived for BodyIdle
	cutRate         // fewer than BodyMinRate bytes a second
)

// pacedBody reads a request body, setting the connection's read deadline
// before each read to the earliest of the three.
type pacedBody struct {
	r     io.ReadCloser
	rc    *http.ResponseController
	start time.Time
	total time.Duration // the overall deadline, from start
	idle  time.Duration
	rate  int64 // bytes a second; 0 for none
	n     int64 // bytes read
	cut   int   // which deadline the last read had
}

func (s *srv) paced(w http.ResponseWriter, r io.ReadCloser, total time.Duration) *pacedBody {
	return &pacedBody{r: r, rc: http.NewResponseController(w), start: time.Now(), total: total,
		idle: s.cfg.BodyIdle, rate: s.cfg.BodyMinRate}
}

// deadline is the read deadline of the next read, at now, and why.
func (p *pacedBody) deadline(now time.Time) (time.Time, int) {
	d, cut := p.start.Add(p.total), cutTotal
	if i := now.Add(p.idle); i.Before(d) {
		d, cut = i, cutIdle
	}
	if p.rate > 0 {
		// By then the bytes read are what the rate asks for.
		if m := p.start.Add(p.idle + time.Duration(p.n)*time.Second/time.Duration(p.rate)); m.Before(d) {
			d, cut = m, cutRate
		}
	}
	return d, cut
}

func (p *pacedBody) Read(b []byte) (int, error) {
	var d time.Time
	d, p.cut = p.deadline(time.Now())
	// A test's recorder has no connection to set a deadline on; its body
	// is in memory.
	_ = p.rc.SetReadDeadline(d)
	n, err := p.r.Read(b)
	p.n += int64(n)
	return n, err
}

func (p *pacedBody) Close() error { return p.r.Close() }

// timeout says why the body's read timed out; what is "the request body"
// or "the file".
func (p *pacedBody) timeout(what string) string {
	switch p.cut {
	case cutIdle:
		return fmt.Sprintf("%s stopped arriving: nothing came for %s", what, p.idle)
	case cutRate:
		return fmt.Sprintf("%s arrived too slowly: %d bytes in %s, where at least %d bytes a second are needed after the first %s",
			what, p.n, time.Since(p.start).Round(time.Second), p.rate, p.idle)
	}
	return fmt.Sprintf("%s did not arrive within %s", what, p.total)
}
