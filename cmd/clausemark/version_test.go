package main

import (
	"runtime/debug"
	"testing"
)

// TestBuildVersion: a build without a module version is named by its
// commit, so that no PDF of a built binary says only "dev".
func TestBuildVersion(t *testing.T) {
	for _, tc := range []struct {
		settings []debug.BuildSetting
		want     string
	}{
		{nil, "dev"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}}, "dev+0123456789ab"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}, "dev+abc-dirty"},
		{[]debug.BuildSetting{{Key: "vcs.modified", Value: "true"}}, "dev"},
	} {
		if got := buildVersion(tc.settings); got != tc.want {
			t.Errorf("buildVersion(%v) = %q, want %q", tc.settings, got, tc.want)
		}
	}
}
