package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/librarytest"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/review/tracked"
)

// replyOf reads a reply's tracked changes and comments.
func replyOf(t *testing.T, data []byte) *tracked.Document {
	t.Helper()
	d, err := tracked.Read(data)
	if err != nil {
		t.Fatalf("the reply is not a Word file with tracked changes: %v", err)
	}
	return d
}

// changesOf lists a reply's tracked changes and comments as
// "kind by author: text" and "comment by author on text: comment".
func changesOf(d *tracked.Document) []string {
	var out []string
	for _, c := range d.Changes {
		if c.Contents {
			continue
		}
		s := fmt.Sprintf("%s by %s: %s", c.Kind, c.Author, c.Text)
		if c.Kind == tracked.Comment {
			s += " — " + c.Comment
		}
		out = append(out, s)
	}
	return out
}

// TestReplyAPI: a returned file with the deletion period cut to seven
// days is answered with the house's reply, as the body or a form's file:
// 201, a Word file named after the customer and the reply's id, whose
// tracked changes by the processor put the fallback of fourteen days in
// place of the customer's seven with a comment giving the playbook's
// reason; the reply is recorded as derived from the document issued,
// at the address Location names.
func TestReplyAPI(t *testing.T) {
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	issued := issueDOCX(t, h)
	original := replyOf(t, issued).ID
	returned := trackReplace(t, issued, "thirty (30)", "seven (7)")
	for _, form := range []bool{false, true} {
		t.Run(fmt.Sprint("form=", form), func(t *testing.T) {
			ctype, body := docxType, string(returned)
			if form {
				ctype, body = multipartOf(returned)
			}
			rec := do(t, h, "POST", "/api/v1/review/reply", ctype, body)
			if rec.Code != 201 || rec.Header().Get("Content-Type") != docxType {
				t.Fatalf("%d %v %.300s", rec.Code, rec.Header(), rec.Body)
			}
			d := replyOf(t, rec.Body.Bytes())
			if !strings.HasPrefix(d.ID, "CM-") || d.ID == original {
				t.Errorf("the reply's id %q, the original's %q", d.ID, original)
			}
			if got, want := rec.Header().Get("Content-Disposition"), `attachment; filename="globex-gmbh-dpa-reply-`+d.ID+`.docx"`; got != want {
				t.Errorf("Content-Disposition %q, want %q", got, want)
			}
			if got := rec.Header().Get("Location"); got != "/api/v1/documents/"+d.ID {
				t.Errorf("Location %q", got)
			}
			changes := strings.Join(changesOf(d), "\n")
			for _, want := range []string{
				"deletion by OJOO SOFTWARE SERVICES PRIVATE LIMITED: seven (7)",
				"insertion by OJOO SOFTWARE SERVICES PRIVATE LIMITED: fourteen (14)",
				"Deletion takes at least 14 days to reach every backup",
			} {
				if !strings.Contains(changes, want) {
					t.Errorf("the reply's changes lack %q:\n%s", want, changes)
				}
			}
			rec = do(t, h, "GET", "/api/v1/documents/"+d.ID, "", "")
			var doc struct {
				ID          string `json:"id"`
				DerivedFrom string `json:"derived_from"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != 200 {
				t.Fatalf("the reply's record: %d %v %s", rec.Code, err, rec.Body)
			}
			if doc.ID != d.ID || doc.DerivedFrom != original {
				t.Errorf("the reply's record: %+v, want it derived from %s", doc, original)
			}
		})
	}
}

// TestReplyRefused: what cannot be answered with a reply is refused as a
// review is, with the same statuses; a registry that cannot be written
// records nothing and answers 503; with an access rule the reply is
// issued by the request's user.
func TestReplyRefused(t *testing.T) {
	dir := t.TempDir()
	loc := filepath.Join(dir, "registry.db")
	withReg := withRegistry(t, loc)
	h := newTestServer(t, withReg)
	issued := issueDOCX(t, h)
	returned := trackReplace(t, issued, "thirty (30)", "seven (7)")
	// Another agreement, recorded by another registry only.
	other := do(t, newTestServer(t, withRegistry(t, filepath.Join(dir, "other.db"))), "POST", "/api/v1/render", "application/json", `{"variant":"ojoo","format":"docx","variables":{"customer":{"name":"Initech AG"}}}`)
	if other.Code != 200 {
		t.Fatalf("render: %d %s", other.Code, other.Body)
	}
	elsewhere := other.Body.Bytes()
	for _, tc := range []struct {
		name, ctype, body string
		status            int
		want              string
	}{
		{"text as a Word file", docxType, "these are not the tracked changes you are looking for", 415, "not a Word document"},
		{"a PDF's Content-Type", "application/pdf", string(returned), 415, "Content-Type is application/pdf"},
		{"a Word file without an id", docxType, zipOf(t, "word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Terms</w:t></w:r></w:p></w:body></w:document>`), 400, "carry a Clausemark document id"},
		{"unreadable", docxType, string(rezip(t, returned, "word/document.xml", func(b []byte) []byte { return b[:len(b)/2] })), 400, "the Word file cannot be read"},
		{"issued elsewhere", docxType, string(elsewhere), 422, "is not in the registry"},
		{"an empty body", docxType, "", 400, "the file is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, h, "POST", "/api/v1/review/reply", tc.ctype, tc.body)
			errs := errorsOf(t, rec)
			if rec.Code != tc.status || len(errs) == 0 || !strings.Contains(errs[0].Message, tc.want) {
				t.Errorf("%d %s, want %d %q", rec.Code, rec.Body, tc.status, tc.want)
			}
		})
	}

	small := newTestServer(t, func(c *Config) { withReg(c); c.MaxUpload = 1000 })
	if rec := do(t, small, "POST", "/api/v1/review/reply", docxType, string(returned)); rec.Code != 413 || !strings.Contains(rec.Body.String(), "larger than 1000 bytes") {
		t.Errorf("over MaxUpload: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, newTestServer(t, nil), "POST", "/api/v1/review/reply", docxType, string(returned)); rec.Code != 404 || !strings.Contains(rec.Body.String(), "--no-record") {
		t.Errorf("without a registry: %d %s", rec.Code, rec.Body)
	}

	// A registry opened for reading: the reply is made, and refused as
	// it cannot be recorded; nothing is.
	ro, err := registry.Open(context.Background(), loc, registry.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	readOnly := newTestServer(t, func(c *Config) { withReg(c); c.Registry = ro })
	rec := do(t, readOnly, "POST", "/api/v1/review/reply", docxType, string(returned))
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "nothing was issued") {
		t.Errorf("a registry that cannot be written: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	rec = do(t, h, "GET", "/api/v1/documents?limit=100", "", "")
	var list struct {
		Documents []struct {
			ID string `json:"id"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Documents) != 1 {
		t.Errorf("a reply was recorded, or the issued document was not: %v %s", err, rec.Body)
	}

	locked := newTestServer(t, func(c *Config) { withReg(c); c.Token, c.TokenName = "s3cret", "dana" })
	if rec := do(t, locked, "POST", "/api/v1/review/reply", docxType, string(returned)); rec.Code != 401 {
		t.Errorf("without the token: %d %s", rec.Code, rec.Body)
	}
	rec = do(t, locked, "POST", "/api/v1/review/reply", docxType, string(returned), "Authorization", "Bearer s3cret")
	if rec.Code != 201 {
		t.Fatalf("with the token: %d %s", rec.Code, rec.Body)
	}
	rec = do(t, locked, "GET", rec.Header().Get("Location"), "", "", "Authorization", "Bearer s3cret")
	var doc struct {
		Issuances []struct {
			IssuedBy string `json:"issued_by"`
		} `json:"issuances"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || len(doc.Issuances) != 1 || doc.Issuances[0].IssuedBy != "dana" {
		t.Errorf("the reply's issuance: %v %s", err, rec.Body)
	}
}

// replyForm is the history page's answer's reply form in page: the
// fields it sends, by name, and whether it asks for the file again.
func replyForm(t *testing.T, page string) (fields map[string]string, chooseAgain bool) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<form id="reply" method="post" action="/history/reply" enctype="multipart/form-data">(.*?)</form>`).FindStringSubmatch(page)
	if m == nil {
		return nil, false
	}
	fields = map[string]string{}
	for _, f := range regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`).FindAllStringSubmatch(m[1], -1) {
		fields[f[1]] = html.UnescapeString(f[2])
	}
	if !strings.Contains(m[1], "<button type=\"submit\">Download the reply (Word)</button>") {
		t.Errorf("the reply's form has no button:\n%s", m[1])
	}
	return fields, strings.Contains(m[1], `<input type="file" id="h-reply-file" name="file" accept=".docx" required>`)
}

// formOf is a multipart form of fields, and of file as the field "file"
// unless nil.
func formOf(fields map[string]string, file []byte) (string, string) {
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "returned.docx")
		fw.Write(file)
	}
	mw.Close()
	return mw.FormDataContentType(), form.String()
}

// withPart returns the zip data with a part added.
func withPart(t *testing.T, data []byte, name string, content []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestHistoryReply: the history page's answer to a returned file with
// changes offers the reply, its form carrying the file back; sent, it
// downloads the reply, named after the customer and its id, recorded as
// derived from the document issued. A file without changes is offered
// no reply; a file larger than ReplyInPage is asked for again, and
// answered when chosen.
func TestHistoryReply(t *testing.T) {
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	issued := issueDOCX(t, h)
	original := replyOf(t, issued).ID
	returned := trackReplace(t, issued, "thirty (30)", "seven (7)")
	// A picture too large for the page to carry, that compresses to
	// nothing: bytes of a generator of its own, not the clock's.
	big := make([]byte, ReplyInPage+1)
	x := uint32(2463534242)
	for i := range big {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		big[i] = byte(x)
	}
	large := withPart(t, returned, "word/media/image1.bin", big)

	answer := func(file []byte) string {
		t.Helper()
		ctype, body := multipartOf(file)
		rec := do(t, h, "POST", "/history/review", ctype, body)
		if rec.Code != 200 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	download := func(ctype, body string) []byte {
		t.Helper()
		rec := do(t, h, "POST", "/history/reply", ctype, body)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != docxType {
			t.Fatalf("%d %v %.500s", rec.Code, rec.Header(), rec.Body)
		}
		d := replyOf(t, rec.Body.Bytes())
		if got, want := rec.Header().Get("Content-Disposition"), `attachment; filename="globex-gmbh-dpa-reply-`+d.ID+`.docx"`; got != want {
			t.Errorf("Content-Disposition %q, want %q", got, want)
		}
		if !strings.Contains(strings.Join(changesOf(d), "\n"), "insertion by OJOO SOFTWARE SERVICES PRIVATE LIMITED: fourteen (14)") {
			t.Errorf("the reply does not offer fourteen days: %q", changesOf(d))
		}
		rec = do(t, h, "GET", "/api/v1/documents/"+d.ID, "", "")
		var doc struct {
			DerivedFrom string `json:"derived_from"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc.DerivedFrom != original {
			t.Errorf("the reply's record: %v %s", err, rec.Body)
		}
		return rec.Body.Bytes()
	}

	page := answer(returned)
	fields, again := replyForm(t, page)
	if fields == nil || again || len(fields) != 1 {
		t.Fatalf("the answer's reply form: %v, asks again %v:\n%s", fields, again, page)
	}
	if got, err := base64.StdEncoding.DecodeString(fields["returned"]); err != nil || !bytes.Equal(got, returned) {
		t.Errorf("the form does not carry the file back: %v", err)
	}
	if !strings.Contains(answerText(t, page), "It is a new agreement, recorded in the history as made from "+original+" . The file is sent again from this page, not kept.") {
		t.Errorf("the reply is not explained:\n%s", answerText(t, page))
	}
	download(formOf(fields, nil))

	if fields, _ := replyForm(t, answer(issued)); fields != nil {
		t.Errorf("a reply offered to a file without changes: %v", fields)
	}

	fields, again = replyForm(t, answer(large))
	if len(fields) != 0 || !again {
		t.Errorf("a file over ReplyInPage: the form carries %d fields, asks again %v", len(fields), again)
	}
	download(formOf(nil, large))
}

// TestHistoryReplyRefused: a reply that cannot be made is said on the
// history page, with the status the API gives it.
func TestHistoryReplyRefused(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	h := newTestServer(t, withReg)
	returned := trackReplace(t, issueDOCX(t, h), "thirty (30)", "seven (7)")
	unread := rezip(t, returned, "word/document.xml", func(b []byte) []byte { return b[:len(b)/2] })
	for _, tc := range []struct {
		name   string
		fields map[string]string
		file   []byte
		status int
		want   string
	}{
		{"not base64", map[string]string{"returned": "not*base64"}, nil, 400, "reading the file: illegal base64 data"},
		{"no file", map[string]string{"note": "none"}, nil, 400, "choose the returned Word file to reply to"},
		{"unreadable", map[string]string{"returned": base64.StdEncoding.EncodeToString(unread)}, nil, 400, "the Word file cannot be read"},
		{"not a Word file", nil, []byte("hello"), 415, "not a Word document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype, body := formOf(tc.fields, tc.file)
			rec := do(t, h, "POST", "/history/reply", ctype, body)
			page := rec.Body.String()
			m := regexp.MustCompile(`<div id="review-error" class="summary" role="alert"><p>([^<]*)</p></div>`).FindStringSubmatch(page)
			if rec.Code != tc.status || m == nil || !strings.HasPrefix(html.UnescapeString(m[1]), "No reply can be made to this file: ") || !strings.Contains(html.UnescapeString(m[1]), tc.want) {
				t.Errorf("%d %q, want %d %q", rec.Code, m, tc.status, tc.want)
			}
		})
	}
	if rec := do(t, h, "POST", "/history/reply", "text/plain", "hello"); rec.Code != 400 || !strings.Contains(rec.Body.String(), "send the answer") {
		t.Errorf("not a form: %d %s", rec.Code, rec.Body)
	}
	ctype, body := formOf(nil, returned)
	if rec := do(t, newTestServer(t, nil), "POST", "/history/reply", ctype, body); rec.Code != 404 || !strings.Contains(rec.Body.String(), "--no-record") {
		t.Errorf("without a registry: %d %s", rec.Code, rec.Body)
	}
	locked := newTestServer(t, func(c *Config) { withReg(c); c.Token = "s3cret" })
	if rec := do(t, locked, "POST", "/history/reply", ctype, body); rec.Code != 401 {
		t.Errorf("without the token: %d %s", rec.Code, rec.Body)
	}
}

// TestReplyLibraryChangedBusy: a file issued in a house style the library
// no longer has gets 409, as its review does; with the upload or render
// slots taken a reply gets 503 with Retry-After, and is made once they
// are free.
func TestReplyLibraryChangedBusy(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	returned := trackReplace(t, issueDOCX(t, newTestServer(t, withReg)), "thirty (30)", "seven (7)")
	m := librarytest.Copy(t)
	delete(m, "templates/variants/ojoo.yaml")
	rec := do(t, newServerOf(t, m, withReg), "POST", "/api/v1/review/reply", docxType, string(returned))
	if errs := errorsOf(t, rec); rec.Code != 409 || len(errs) != 1 || !strings.Contains(errs[0].Message, "cannot be made again from this library") {
		t.Errorf("library changed: %d %s", rec.Code, rec.Body)
	}

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
	h := specChecked(t, mux)
	for slots, want := range map[chan struct{}]string{s.uploads: "1 files are being read", s.slots: "every render slot is taken"} {
		slots <- struct{}{}
		rec := do(t, h, "POST", "/api/v1/review/reply", docxType, string(returned))
		if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("busy: %d %v %s", rec.Code, rec.Header(), rec.Body)
		}
		<-slots
	}
	if rec := do(t, h, "POST", "/api/v1/review/reply", docxType, string(returned)); rec.Code != 201 {
		t.Errorf("after the slots free: %d %.300s", rec.Code, rec.Body)
	}
}
