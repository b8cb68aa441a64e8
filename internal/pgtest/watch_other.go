//go:build !unix

package pgtest

// watch does nothing where there is no POSIX shell: a test binary that
// is killed there leaves its server running.
func watch([]string, string) {}
