package registry

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestReady: a registry open for writing is ready; one opened read-only,
// or whose database is gone, is not, with an *Error naming it.
func TestReady(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "registry.db")
	r, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Ready(ctx); err != nil {
		t.Fatalf("a registry open for writing: %v", err)
	}
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var e *Error
	if err := ro.Ready(ctx); !errors.Is(err, ErrReadOnly) || !errors.As(err, &e) || e.Location != path {
		t.Errorf("read-only: %v", err)
	}
	r.Close()
	if err := r.Ready(ctx); err == nil || !errors.As(err, &e) || e.Op != "check it can record" {
		t.Errorf("closed: %v", err)
	}
}
