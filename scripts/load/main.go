// Command load is the load test of scripts/serve-bench.sh: it sends render
// requests from concurrent clients to a running clausemark server for a
// fixed time and reports requests per second, latency percentiles and
// failures.
//
//	go run ./scripts/load -url http://127.0.0.1:8080 -clients 32 -duration 30s
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "server address")
	clients := flag.Int("clients", 32, "concurrent clients")
	duration := flag.Duration("duration", 30*time.Second, "how long to send requests")
	body := flag.String("body", `{"variant":"ojoo","format":"pdf","variables":{"customer":{"name":"Globex Corporation"},"deletion":{"days":45}}}`, "request body")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	var mu sync.Mutex
	var latencies []time.Duration
	failures := map[string]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				req, _ := http.NewRequest("POST", *url+"/api/v1/render", bytes.NewBufferString(*body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				fail := ""
				if err != nil {
					fail = err.Error()
				} else {
					n, _ := io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK || n < 1000 {
						fail = resp.Status
					}
				}
				d := time.Since(t0)
				mu.Lock()
				if fail != "" {
					failures[fail]++
				} else {
					latencies = append(latencies, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	nfail := 0
	for _, n := range failures {
		nfail += n
	}
	fmt.Printf("clients %d, %s: %d ok, %d failed, %.1f requests/s, p50 %s, p99 %s, max %s\n",
		*clients, elapsed.Round(time.Millisecond), len(latencies), nfail, float64(len(latencies))/elapsed.Seconds(),
		pct(0.50).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), pct(1).Round(time.Millisecond))
	for f, n := range failures {
		fmt.Printf("  %d× %s\n", n, f)
	}
	if nfail > 0 {
		os.Exit(1)
	}
}
