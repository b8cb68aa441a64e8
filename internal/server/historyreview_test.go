package server

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// answerText is the text of the history page's answer to a returned
// file, its tags dropped and its spaces joined, as a person reads it.
func answerText(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `id="answer"`)
	if i < 0 {
		t.Fatalf("the page has no answer:\n%s", page)
	}
	j := strings.Index(page[i:], `<section class="panel">`) // the history's list
	if j < 0 {
		t.Fatalf("the answer is not followed by the history:\n%s", page[i:])
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page[i:i+j], " ")
	return strings.Join(strings.Fields(html.UnescapeString(text)), " ")
}

// TestHistoryReviewAnswer: a Word file the server issued, returned with
// tracked changes and uploaded on the history page, is answered on the
// page: the summary first, then each change's clause, the customer's
// words and the house's answer with its reason; the customer's words
// escaped.
func TestHistoryReviewAnswer(t *testing.T) {
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	data := issueDOCX(t, h)
	for _, tc := range []struct {
		name string
		file []byte
		want []string // in this order in the answer's text
	}{
		{"within the range", trackReplace(t, data, "thirty (30)", "forty-five (45)"), []string{
			"The answer to Globex GmbH’s changes", "Ojoo — India, Data Processing Agreement (DPA), dated ", "CM-",
			"1 change: 1 accepted. The house accepts every change.",
			"14. Data Retention and Deletion", "Replaced by Customer's counsel",
			"The customer deleted thirty (30) and wrote forty-five (45)",
			"Accepted. Deletion period: 45 days, within what the house accepts without asking (14 to 60 days)"}},
		{"below the range", trackReplace(t, data, "thirty (30)", "seven (7)"), []string{
			"1 change: 1 with a fallback to offer. The house does not accept every change as it stands.", "Data Retention and Deletion",
			"The customer deleted thirty (30) and wrote seven (7)",
			"Declined, with a fallback to offer. Deletion period: 7 days is outside what the house accepts without asking (14 to 60 days); the house offers 14 days."}},
		{"words that are markup", trackReplace(t, data, "the Customer acts as the Controller", "the Customer &lt;script&gt;alert(1)&lt;/script&gt; acts as the Controller"), []string{
			"1 change: 1 for legal review.", "Roles",
			"The customer deleted the Customer acts as the Controller and wrote the Customer <script>alert(1)</script> acts as the Controller",
			"For legal review. The text matches no wording of the library"}},
		{"as issued", data, []string{"No changes: the text is as issued."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype, body := multipartOf(tc.file)
			rec := do(t, h, "POST", "/history/review", ctype, body)
			page := rec.Body.String()
			if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("%d %s\n%s", rec.Code, rec.Header(), page)
			}
			if strings.Contains(page, "<script>") {
				t.Errorf("the customer's words are not escaped:\n%s", page)
			}
			got, at := answerText(t, page), 0
			for _, w := range tc.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Fatalf("the answer lacks %q after %q:\n%s", w, got[:at], got)
				}
				at += i + len(w)
			}
			if strings.Contains(page, `id="review-error"`) || !strings.Contains(page, `id="documents"`) {
				t.Errorf("an error, or no history, beside the answer:\n%s", page)
			}
		})
	}
}

// TestHistoryReviewRefused: a file the page cannot answer is said so on
// the page, in the review's own words, with the status the API gives
// it; never a server error.
func TestHistoryReviewRefused(t *testing.T) {
	dir := t.TempDir()
	withReg := withRegistry(t, filepath.Join(dir, "registry.db"))
	h := newTestServer(t, withReg)
	elsewhere := issueDOCX(t, newTestServer(t, withRegistry(t, filepath.Join(dir, "other.db"))))
	noID := zipOf(t, "word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Terms</w:t></w:r></w:p></w:body></w:document>`)
	var noFile bytes.Buffer
	mw := multipart.NewWriter(&noFile)
	mw.WriteField("note", "no file")
	mw.Close()
	for _, tc := range []struct {
		name        string
		ctype, body string
		status      int
		want        string
	}{
		{"a text file", "", "these are not the tracked changes you are looking for", 415, "not a Word document (.docx)"},
		{"a zip that is not a Word file", "", zipOf(t, "notes.txt", "hello"), 415, "not a Word document (.docx)"},
		{"a PDF", "", "%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n%%EOF\n", 415, "not a Word document (.docx)"},
		{"a Word file without an id", "", noID, 400, "neither its properties nor its footer carry a Clausemark document id"},
		{"unreadable", "", string(rezip(t, elsewhere, "word/document.xml", func(b []byte) []byte { return b[:len(b)/2] })), 400, "the Word file cannot be read"},
		{"issued elsewhere", "", string(elsewhere), 422, "is not in the registry"},
		{"an empty file", "", "", 400, "the file is empty"},
		{"no file", mw.FormDataContentType(), noFile.String(), 400, "choose a returned Word file to review"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype, body := tc.ctype, tc.body
			if ctype == "" { // the file, sent as the page's form sends it
				ctype, body = multipartOf([]byte(body))
			}
			rec := do(t, h, "POST", "/history/review", ctype, body)
			page := rec.Body.String()
			if rec.Code != tc.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				t.Errorf("%d %s, want %d", rec.Code, rec.Header(), tc.status)
			}
			m := regexp.MustCompile(`<div id="review-error" class="summary" role="alert"><p>([^<]*)</p></div>`).FindStringSubmatch(page)
			if m == nil || !strings.HasPrefix(html.UnescapeString(m[1]), "This file cannot be answered: ") || !strings.Contains(html.UnescapeString(m[1]), tc.want) {
				t.Errorf("message %q, want %q in\n%s", m, tc.want, page)
			}
			if strings.Contains(page, `id="answer"`) || !strings.Contains(page, `action="/history/review"`) {
				t.Errorf("an answer, or no form to try again:\n%s", page)
			}
		})
	}

	ctype, body := multipartOf(elsewhere)
	if rec := do(t, newTestServer(t, nil), "POST", "/history/review", ctype, body); rec.Code != 404 || !strings.Contains(rec.Body.String(), "--no-record") {
		t.Errorf("without a registry: %d %s", rec.Code, rec.Body)
	}
	locked := newTestServer(t, func(c *Config) { withReg(c); c.Token = "s3cret" })
	if rec := do(t, locked, "POST", "/history/review", ctype, body); rec.Code != 401 {
		t.Errorf("without the token: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, locked, "POST", "/history/review", ctype, body, "Authorization", "Bearer s3cret"); rec.Code != 422 {
		t.Errorf("with the token: %d %s", rec.Code, rec.Body)
	}
	small := newTestServer(t, func(c *Config) { withReg(c); c.MaxUpload = 1000 })
	if rec := do(t, small, "POST", "/history/review", ctype, body); rec.Code != 413 || !strings.Contains(rec.Body.String(), "larger than 1000 bytes") {
		t.Errorf("over MaxUpload: %d %s", rec.Code, rec.Body)
	}
}

// TestHistoryReviewBusy: the page's upload waits for the same upload
// and render slots as the API's; with either taken it says so on the
// page, 503 with Retry-After, and answers once they are free.
func TestHistoryReviewBusy(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	data := issueDOCX(t, newTestServer(t, withReg))
	lib, err := builtIn()
	if err != nil {
		t.Fatal(err)
	}
	cfg := NewConfig()
	cfg.Library, cfg.MaxUploads, cfg.MaxRenders, cfg.Wait = lib, 1, 1, 50*time.Millisecond
	s := newSrv(cfg)
	withReg(&s.cfg)
	mux := http.NewServeMux()
	addRoutes(mux, s)
	ctype, body := multipartOf(data)
	for slots, want := range map[chan struct{}]string{s.uploads: "1 files are being read", s.slots: "every render slot is taken"} {
		slots <- struct{}{}
		rec := do(t, mux, "POST", "/history/review", ctype, body)
		if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), want) || !strings.Contains(rec.Body.String(), `id="review-error"`) {
			t.Errorf("busy: %d %v %s", rec.Code, rec.Header(), rec.Body)
		}
		<-slots
	}
	if rec := do(t, mux, "POST", "/history/review", ctype, body); rec.Code != 200 || !strings.Contains(rec.Body.String(), "No changes: the text is as issued.") {
		t.Errorf("after the slots free: %d %s", rec.Code, rec.Body)
	}
}
