package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/clausemark/clausemark/internal/generate"
)

// registryFailure is the answer when the registry cannot do what a
// request needs (it cannot be written, the database is unreachable): the
// server's problem, for a while, not the request's. It logs the detail,
// which names the registry's file or database host, and answers 503 with
// Retry-After and a message that names neither.
func (s *srv) registryFailure(r *http.Request, op string, err error) *statusError {
	s.cfg.Logger.Error("registry", "op", op, "method", r.Method, "path", r.URL.Path, "error", err)
	what := "looked up"
	if op == "record" {
		what = "issued"
	}
	return &statusError{status: http.StatusServiceUnavailable, retryAfter: 5,
		errs: []apiError{{Message: "the registry of issued documents cannot be reached or written just now, so nothing was " + what + "; retry shortly"}}}
}

// recordError is a document made but not recorded: the Recorder failed.
type recordError struct{ err error }

func (e *recordError) Error() string { return "record: " + e.err.Error() }
func (e *recordError) Unwrap() error { return e.err }

// recorder marks the errors of the Recorder it wraps as recordErrors,
// and has the readiness checked again after one.
type recorder struct {
	next  generate.Recorder
	ready *readiness
}

func (r recorder) Record(ctx context.Context, res *generate.Result) error {
	if err := r.next.Record(ctx, res); err != nil {
		r.ready.forget()
		return &recordError{err}
	}
	return nil
}

// produceFailure is the answer to a document that could not be made: 503
// when it could not be recorded, else 400, the request's values being
// what the typesetting could not do.
func (s *srv) produceFailure(r *http.Request, err error) *statusError {
	var re *recordError
	if errors.As(err, &re) {
		return s.registryFailure(r, "record", re.err)
	}
	return badRequest(err)
}

// readyCheck is what /readyz asks: the registry's Ready.
type readyCheck interface {
	Ready(ctx context.Context) error
}

// readiness checks, at most every ttl, whether documents can be recorded.
type readiness struct {
	check   readyCheck // nil: nothing is recorded, always ready
	ttl     time.Duration
	timeout time.Duration

	mu  sync.Mutex
	at  time.Time // of the last check; zero for none
	err error
}

// ready reports the last check's result, checking again when it is older
// than ttl.
func (r *readiness) ready(ctx context.Context) (fresh bool, err error) {
	if r.check == nil {
		return false, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.at.IsZero() && time.Since(r.at) < r.ttl {
		return false, r.err
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	r.err, r.at = r.check.Ready(ctx), time.Now()
	return true, r.err
}

// forget drops the last check's result, so that the next probe checks.
func (r *readiness) forget() {
	r.mu.Lock()
	r.at = time.Time{}
	r.mu.Unlock()
}

// handleReady answers the readiness probe: 200 while documents can be
// recorded, else 503 with Retry-After, the detail in the log.
func (s *srv) handleReady() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fresh, err := s.ready.ready(r.Context())
		if err == nil {
			writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
			return
		}
		if fresh {
			s.cfg.Logger.Error("not ready: documents cannot be recorded", "error", err)
		}
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "not ready",
			"errors": []apiError{{Message: "documents cannot be recorded: the registry cannot be reached or written (the server's log says why)"}}})
	})
}
