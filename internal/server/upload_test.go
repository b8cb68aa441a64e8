package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestVerifyUpload: verification streams the upload, a PDF or a DOCX,
// through the hash and the id scan: an issued file is issued, an altered
// one names its id, on both routes; an upload over MaxUpload is 413,
// whatever MaxBody; one that cannot be kept on disk is 503.
func TestVerifyUpload(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	h := newTestServer(t, func(c *Config) { withReg(c); c.MaxBody = 1024 })
	issue := func(format string) []byte {
		rec := do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"`+format+`","variables":{"customer":{"name":"Globex"}}}`)
		if rec.Code != 200 {
			t.Fatalf("render %s: %d %s", format, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	type verdict struct {
		Status, ID, Format string
	}
	verify := func(data []byte) (int, verdict) {
		rec := do(t, h, "POST", "/api/v1/verify", "application/octet-stream", string(data))
		var v verdict
		if rec.Code == 200 {
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatal(err)
			}
		}
		return rec.Code, v
	}
	for _, format := range []string{"pdf", "docx"} {
		data := issue(format)
		if len(data) <= 1024 {
			t.Fatalf("a %s of %d bytes does not show that MaxBody does not bound uploads", format, len(data))
		}
		code, v := verify(data)
		if code != 200 || v.Status != "issued" || v.Format != format {
			t.Errorf("%s as issued: %d %+v", format, code, v)
		}
		id := v.ID
		code, v = verify(append(data, '\n'))
		if code != 200 || v.Status != "altered" || v.ID != id {
			t.Errorf("%s altered: %d %+v", format, code, v)
		}
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		fw, _ := mw.CreateFormFile("file", "globex."+format)
		fw.Write(data)
		mw.Close()
		rec := do(t, h, "POST", "/history/verify", mw.FormDataContentType(), form.String())
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Issued and unaltered: "+id) {
			t.Errorf("%s through the history page: %d %.400s", format, rec.Code, rec.Body)
		}
	}

	small := newTestServer(t, func(c *Config) { withReg(c); c.MaxUpload = 1000 })
	for _, body := range []string{"%PDF-1.7 " + strings.Repeat("x", 1000), "PK" + strings.Repeat("x", 1000)} {
		rec := do(t, small, "POST", "/api/v1/verify", "application/octet-stream", body)
		if rec.Code != 413 || !strings.Contains(rec.Body.String(), "the file is larger than 1000 bytes") {
			t.Errorf("%.2s over MaxUpload: %d %s", body, rec.Code, rec.Body)
		}
	}
	if rec := do(t, small, "POST", "/api/v1/verify", "application/octet-stream", "%PDF-1.7 "+strings.Repeat("x", 991)); rec.Code != 200 {
		t.Errorf("at MaxUpload: %d %s", rec.Code, rec.Body)
	}

	var logs bytes.Buffer
	noRoom := newTestServer(t, func(c *Config) {
		withReg(c)
		c.UploadDir = filepath.Join(t.TempDir(), "missing")
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	rec := do(t, noRoom, "POST", "/api/v1/verify", "application/octet-stream", "PK a zip")
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || strings.Contains(rec.Body.String(), "missing") || !strings.Contains(logs.String(), "missing") {
		t.Errorf("no room for a DOCX: %d %s; log %s", rec.Code, rec.Body, logs.String())
	}
	if rec := do(t, noRoom, "POST", "/api/v1/verify", "application/octet-stream", "%PDF-1.7 a PDF needs no room"); rec.Code != 200 {
		t.Errorf("a PDF with no room on disk: %d %s", rec.Code, rec.Body)
	}
}

// TestVerifyBusy: with every upload slot taken, an upload waits, then
// gets 503 with Retry-After; renders are not held up by it.
func TestVerifyBusy(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	cfg := NewConfig()
	cfg.MaxUploads, cfg.Wait = 1, 50*time.Millisecond
	s := newSrv(cfg)
	withReg(&s.cfg)
	s.uploads <- struct{}{}
	mux := http.NewServeMux()
	addRoutes(mux, s)
	rec := do(t, mux, "POST", "/api/v1/verify", "application/octet-stream", "%PDF-1.7")
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "1 files are being verified") {
		t.Errorf("busy: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	<-s.uploads
	if rec := do(t, mux, "POST", "/api/v1/verify", "application/octet-stream", "%PDF-1.7"); rec.Code != 200 {
		t.Errorf("after the slot frees: %d %s", rec.Code, rec.Body)
	}
}

// uploadServerEnv makes the test binary serve for TestUploadMemory; its
// value is the folder for the registry.
const uploadServerEnv = "CLAUSEMARK_TEST_UPLOAD_SERVER"

// TestUploadMemoryServer is the server of TestUploadMemory, in a process
// of its own so that its memory can be measured: it prints its address
// and serves until its standard input closes.
func TestUploadMemoryServer(t *testing.T) {
	dir := os.Getenv(uploadServerEnv)
	if dir == "" {
		t.Skip("the server of TestUploadMemory")
	}
	h := newTestServer(t, func(c *Config) {
		withRegistry(t, filepath.Join(dir, "registry.db"))(c)
		c.UploadDir = dir
		c.Wait = 10 * time.Minute // every upload waits its turn
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	fmt.Printf("listening on %s\n", ln.Addr())
	io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// procStatus reads a field of /proc/PID/status, in bytes.
func procStatus(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// uploadMemoryBudget is the most the server's resident memory may grow by
// while it verifies 16 uploads of 64 MB at once: less than one upload.
const uploadMemoryBudget = 48 << 20

// TestUploadMemory: 16 uploads of 64 MB at once, PDFs and DOCX files
// through both routes, leave the server's peak resident memory (VmHWM,
// reset before they start) within uploadMemoryBudget of what it was:
// each streams through the hash and the id scan, where each was read
// whole before (158 MB to 747 MB).
func TestUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 1 GB")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	if raceEnabled {
		t.Skip("the race detector's own memory is not the server's")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestUploadMemoryServer$", "-test.v")
	// No PostgreSQL server is started for the child.
	cmd.Env = append(os.Environ(), uploadServerEnv+"="+dir, "CLAUSEMARK_TEST_POSTGRES=postgres://127.0.0.1:1/none")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	var addr string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		t.Fatal("the server did not start")
	}
	go io.Copy(io.Discard, stdout)
	pid := cmd.Process.Pid

	client := &http.Client{Timeout: 10 * time.Minute} // against a hang
	post := func(path, ctype string, body io.Reader) (int, string) {
		resp, err := client.Post("http://"+addr+path, ctype, body)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// One small upload first, so that what the first verification sets
	// up is in the baseline.
	if code, body := post("/api/v1/verify", "application/pdf", strings.NewReader("%PDF-1.7 warm-up")); code != 200 {
		t.Fatalf("warm-up: %d %s", code, body)
	}
	runtime.GC()
	before := procStatus(t, pid, "VmRSS")
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the peak resident memory: %v", err)
	}
	const size = 64 << 20
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			head := "%PDF-1.7\n"
			if i%4 == 3 {
				head = "PK" // a DOCX's start: kept on disk
			}
			file := io.MultiReader(strings.NewReader(head), io.LimitReader(&noise{rng: rand.New(rand.NewPCG(uint64(i), 1))}, size-int64(len(head))))
			path, ctype := "/api/v1/verify", "application/octet-stream"
			var body io.Reader = file
			if i%2 == 1 {
				pr, pw := io.Pipe()
				mw := multipart.NewWriter(pw)
				go func() {
					fw, err := mw.CreateFormFile("file", fmt.Sprintf("upload-%d", i))
					if err == nil {
						_, err = io.Copy(fw, file)
					}
					if err == nil {
						err = mw.Close()
					}
					pw.CloseWithError(err)
				}()
				path, ctype, body = "/history/verify", mw.FormDataContentType(), pr
			}
			code, resp := post(path, ctype, body)
			if code != 200 || !strings.Contains(resp, "not") && !strings.Contains(resp, `"status": "unknown"`) {
				t.Errorf("upload %d to %s: %d %.300s", i, path, code, resp)
			}
		}()
	}
	wg.Wait()
	peak := procStatus(t, pid, "VmHWM")
	t.Logf("resident memory %d MiB before, peak %d MiB during 16 uploads of 64 MiB", before>>20, peak>>20)
	if peak-before > uploadMemoryBudget {
		t.Errorf("the server's resident memory grew by %d MiB, over %d MiB", (peak-before)>>20, uploadMemoryBudget>>20)
	}
}

// noise reads as pseudo-random bytes, none of which start an id.
type noise struct{ rng *rand.Rand }

func (n *noise) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(n.rng.Uint32())
		if p[i] == 'C' {
			p[i] = 'c'
		}
	}
	return len(p), nil
}

// TestVerifyTrickle: four uploads trickling a byte a second, as many as
// MaxUploads, hold no upload slot: a PDF uploaded to verify, on either
// route, is answered 200. Before, each took a slot before its first
// byte, and every upload waited, then got 503.
func TestVerifyTrickle(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	s := bodyServer(t, func(c *Config) {
		withReg(c)
		c.MaxUploads, c.UploadTimeout, c.BodyIdle = 4, 10*time.Minute, 10*time.Minute
	})
	ts, reading, _ := trickleServer(t, specChecked(t, s.handler()))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	for i := range 4 {
		path := "/api/v1/verify"
		if i%2 == 1 {
			path = "/history/verify"
		}
		trickleTo(t, ts, path, stop, &wg)
	}
	guard := time.After(time.Minute) // against a hang, not a measure
	for range 4 {
		select {
		case <-reading:
		case <-guard:
			t.Fatal("the trickling uploads were never read")
		}
	}
	heldAtLeast(t, s, 4)
	if n := len(s.uploads); n != 0 {
		t.Errorf("four trickling uploads hold %d upload slots", n)
	}
	client := &http.Client{Timeout: time.Minute}
	resp, err := client.Post(ts.URL+"/api/v1/render", "application/json", strings.NewReader(`{"variant":"opsium","format":"pdf","variables":{"customer":{"name":"Globex"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("render: %s %.300s", resp.Status, pdf)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "globex.pdf")
	fw.Write(pdf)
	mw.Close()
	for _, tc := range []struct{ path, ctype, body, want string }{
		{"/api/v1/verify", "application/pdf", string(pdf), `"status": "issued"`},
		{"/history/verify", mw.FormDataContentType(), form.String(), "Issued and unaltered"},
	} {
		resp, err := client.Post(ts.URL+tc.path, tc.ctype, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s while four uploads trickle: %s %.300s", tc.path, resp.Status, b)
		}
	}
}

// TestVerifyPace: an upload that comes a byte a second is answered 408
// once it falls behind BodyIdle and BodyMinRate, long before
// UploadTimeout, saying so.
func TestVerifyPace(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	h := newTestServer(t, func(c *Config) { withReg(c); c.UploadTimeout, c.BodyIdle = 10*time.Minute, 300*time.Millisecond })
	ts, _, _ := trickleServer(t, h)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	conn := trickleTo(t, ts, "/api/v1/verify", stop, &wg)
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute)) // against a hang
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), "the file stopped arriving: nothing came for 300ms") && !strings.Contains(string(body), "the file arrived too slowly") {
		t.Errorf("%s %s", resp.Status, body)
	}
}
