package main

import (
	"runtime/debug"
	"testing"
)

// TestOneDocumentGC: a one-document command turns the collector off below
// a bounded heap and puts the settings back afterwards; GOGC or GOMEMLIMIT
// in the environment is left to rule.
func TestOneDocumentGC(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		wantOff bool
	}{
		{"default", nil, true},
		{"GOGC set", map[string]string{"GOGC": "100"}, false},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &env{getenv: func(k string) string { return tc.env[k] }}
			pct, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
			defer debug.SetGCPercent(pct)
			restore := e.oneDocumentGC()
			gotPct, gotLimit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
			debug.SetGCPercent(gotPct)
			if off := gotPct < 0; off != tc.wantOff {
				t.Errorf("GC percent %d, want off %v", gotPct, tc.wantOff)
			}
			if tc.wantOff && (gotLimit <= 0 || gotLimit > oneDocumentLimit) {
				t.Errorf("memory limit %d, want at most %d", gotLimit, oneDocumentLimit)
			}
			restore()
			if p := debug.SetGCPercent(pct); p != 100 {
				t.Errorf("GC percent %d after restore, want 100", p)
			}
			if l := debug.SetMemoryLimit(-1); l != limit {
				t.Errorf("memory limit %d after restore, want %d", l, limit)
			}
		})
	}
}
