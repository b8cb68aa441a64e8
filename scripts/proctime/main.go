// Command proctime times whole processes: it runs each of several commands
// in turn, RUNS rounds over, so that a busy spell of a shared machine falls
// on all of them alike, and prints each command's median and fastest wall
// time, its median as a multiple of the first command's, and the load
// average before and after. Only ratios within one run are worth comparing.
//
//	go run ./scripts/proctime -n 7 \
//	    'version=clausemark --version' \
//	    'md=clausemark render --no-record --variant ojoo -o x.md'
//
// A command is LABEL=PROGRAM ARGS..., split at spaces (no quoting); its
// output is discarded and a failure stops the run.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

type command struct {
	label string
	argv  []string
	times []time.Duration
}

func main() {
	runs := flag.Int("n", 7, "rounds; each round runs every command once")
	warm := flag.Int("warm", 1, "untimed rounds first (page cache, binaries)")
	flag.Parse()
	cmds, err := parse(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "proctime:", err)
		os.Exit(2)
	}
	before := loadavg()
	for round := range *warm + *runs {
		for _, c := range cmds {
			d, err := run(c.argv)
			if err != nil {
				fmt.Fprintf(os.Stderr, "proctime: %s: %v\n", c.label, err)
				os.Exit(1)
			}
			if round >= *warm {
				c.times = append(c.times, d)
			}
		}
	}
	fmt.Printf("load average before %s, after %s; %d rounds, commands in turn\n", before, loadavg(), *runs)
	base := median(cmds[0].times)
	for _, c := range cmds {
		m := median(c.times)
		fmt.Printf("%-12s median %8.2f ms  fastest %8.2f ms  %5.2fx %s\n",
			c.label, ms(m), ms(slices.Min(c.times)), float64(m)/float64(base), cmds[0].label)
	}
}

func parse(args []string) ([]*command, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("no commands: give arguments LABEL=PROGRAM [ARG ...]")
	}
	var cmds []*command
	for _, a := range args {
		label, line, ok := strings.Cut(a, "=")
		argv := strings.Fields(line)
		if !ok || label == "" || len(argv) == 0 {
			return nil, fmt.Errorf("%q: want LABEL=PROGRAM [ARG ...]", a)
		}
		cmds = append(cmds, &command{label: label, argv: argv})
	}
	return cmds, nil
}

func run(argv []string) (time.Duration, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return d, nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// loadavg is the 1-minute load average, or "unknown" off Linux.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "unknown"
	}
	return f[0]
}
