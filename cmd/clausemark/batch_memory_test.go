package main

import "testing"

func TestBatchMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		jobs, procs int
		cgroup      int64
		want        int64
	}{
		{jobs: 2, procs: 2, want: (48 + 64) * mib},
		{jobs: 48, procs: 2, want: (48 + 64) * mib},                     // jobs beyond the CPUs add nothing
		{jobs: 48, procs: 48, cgroup: 1024 * mib, want: 768 * mib},      // three quarters of the container
		{jobs: 0, procs: 4, want: (48 + 32) * mib},                      // at least one job
		{jobs: 4, procs: 4, cgroup: 8192 * mib, want: (48 + 128) * mib}, // a roomy container changes nothing
	}
	for _, tt := range tests {
		if got := batchMemoryLimit(tt.jobs, tt.procs, tt.cgroup); got != tt.want {
			t.Errorf("batchMemoryLimit(%d, %d, %d) = %d MiB, want %d MiB", tt.jobs, tt.procs, tt.cgroup, got/mib, tt.want/mib)
		}
	}
}

func TestParseMemoryLimit(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"max\n", 0, true},
		{"536870912\n", 512 << 20, true},
		{"9223372036854771712\n", 0, true}, // cgroup v1 without a limit
		{"", 0, false},
		{"lots", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseMemoryLimit(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseMemoryLimit(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
