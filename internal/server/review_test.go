package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/librarytest"
)

// reviewed is the answer to a review, as a client reads it.
type reviewed struct {
	ID          string `json:"id"`
	Customer    string `json:"customer"`
	AllAccepted bool   `json:"all_accepted"`
	Changes     []struct {
		Clause   string `json:"clause"`
		Kind     string `json:"kind"`
		Removed  string `json:"removed"`
		Added    string `json:"added"`
		Verdict  string `json:"verdict"`
		Reason   string `json:"reason"`
		Variable string `json:"variable"`
		Value    *int64 `json:"value"`
		Offer    *int64 `json:"offer"`
	} `json:"changes"`
}

// issueDOCX renders an Ojoo DPA for Globex with a deletion period of 30
// days as a DOCX on h, which records it.
func issueDOCX(t *testing.T, h http.Handler) []byte {
	t.Helper()
	rec := do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"ojoo","format":"docx","variables":{"customer":{"name":"Globex GmbH"},"deletion":{"days":30}}}`)
	if rec.Code != 200 {
		t.Fatalf("render: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// trackReplace returns data with old, in the text of its main part,
// replaced by new as a tracked change of the customer's counsel: old
// deleted, new inserted, as Word writes them.
func trackReplace(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	change := `</w:t></w:r>` +
		`<w:del w:id="9001" w:author="Customer's counsel" w:date="2026-01-05T10:00:00Z"><w:r><w:delText xml:space="preserve">` + old + `</w:delText></w:r></w:del>` +
		`<w:ins w:id="9002" w:author="Customer's counsel" w:date="2026-01-05T10:00:00Z"><w:r><w:t xml:space="preserve">` + new + `</w:t></w:r></w:ins>` +
		`<w:r><w:t xml:space="preserve">`
	return rezip(t, data, "word/document.xml", func(xml []byte) []byte {
		i := bytes.Index(xml, []byte(old))
		if i < 0 {
			t.Fatalf("word/document.xml does not hold %q", old)
		}
		// The text element old is in keeps its spaces once cut.
		j := bytes.LastIndex(xml[:i], []byte("<w:t"))
		if j < 0 || bytes.Contains(xml[j:i], []byte("</w:t>")) {
			t.Fatalf("%q is not inside a text element", old)
		}
		k := j + bytes.IndexByte(xml[j:i], '>') + 1
		out := append([]byte(nil), xml[:j]...)
		out = append(out, `<w:t xml:space="preserve">`...)
		out = append(out, xml[k:i]...)
		out = append(out, change...)
		return append(out, xml[i+len(old):]...)
	})
}

// rezip returns the zip data with part's content passed through edit.
func rezip(t *testing.T, data []byte, part string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			content = edit(content)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartOf is a form with data in the field "file".
func multipartOf(data []byte) (string, string) {
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "returned.docx")
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), form.String()
}

// TestReviewAPI: a DOCX the server issued, returned with the deletion
// period changed as a tracked change, is answered from the playbook:
// within the range accepted, below it the house's fallback, untouched
// nothing to answer; as the body or a form's file.
func TestReviewAPI(t *testing.T) {
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	data := issueDOCX(t, h)
	for _, tc := range []struct {
		name     string
		file     []byte
		form     bool
		accepted bool
		want     string // clause, kind, words removed, verdict, variable=value, offer of the one change
	}{
		{"within the range", trackReplace(t, data, "thirty (30)", "forty-five (45)"), false, true, `deletion replacement "thirty (30)" accepted deletion.days=45 offer -`},
		{"below the range, as a form", trackReplace(t, data, "thirty (30)", "seven (7)"), true, false, `deletion replacement "thirty (30)" fallback deletion.days=7 offer 14`},
		{"affiliates", trackReplace(t, data, "the Customer acts as the Controller", "the Customer and its affiliates act as the Controller"), false, false, `roles replacement "the Customer acts as the Controller" needs legal review =? offer -`},
		{"as issued", data, false, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype, body := docxType, string(tc.file)
			if tc.form {
				ctype, body = multipartOf(tc.file)
			}
			rec := do(t, h, "POST", "/api/v1/review", ctype, body)
			if rec.Code != 200 {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			var got reviewed
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Customer != "Globex GmbH" || !strings.HasPrefix(got.ID, "CM-") || got.AllAccepted != tc.accepted {
				t.Errorf("report: %s", rec.Body)
			}
			var answers []string
			for _, c := range got.Changes {
				offer := "-"
				if c.Offer != nil {
					offer = fmt.Sprint(*c.Offer)
				}
				value := "?"
				if c.Value != nil {
					value = fmt.Sprint(*c.Value)
				}
				answers = append(answers, fmt.Sprintf("%s %s %q %s %s=%s offer %s", c.Clause, c.Kind, c.Removed, c.Verdict, c.Variable, value, offer))
				if c.Reason == "" {
					t.Errorf("no reason given: %+v", c)
				}
			}
			if strings.Join(answers, "\n") != tc.want {
				t.Errorf("answers %q, want %q\n%s", answers, tc.want, rec.Body)
			}
		})
	}
}

// TestReviewRefused: what cannot be reviewed is refused with the API's
// errors: not a Word file, not issued by this registry, too large, no
// file, no registry, no access.
func TestReviewRefused(t *testing.T) {
	dir := t.TempDir()
	h := newTestServer(t, withRegistry(t, filepath.Join(dir, "registry.db")))
	elsewhere := issueDOCX(t, newTestServer(t, withRegistry(t, filepath.Join(dir, "other.db"))))
	emptyForm, emptyBody := func() (string, string) {
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		mw.WriteField("note", "no file")
		mw.Close()
		return mw.FormDataContentType(), form.String()
	}()
	for _, tc := range []struct {
		name, ctype, body string
		status            int
		want              string
	}{
		{"text as a Word file", docxType, "these are not the tracked changes you are looking for", 415, "not a Word document"},
		{"a zip that is not a Word file", docxType, zipOf(t, "notes.txt", "hello"), 415, "not a Word document"},
		{"a PDF's Content-Type", "application/pdf", string(elsewhere), 415, "Content-Type is application/pdf"},
		{"no Content-Type", "", string(elsewhere), 415, "Content-Type is none"},
		{"a Word file without an id", docxType, zipOf(t, "word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Terms</w:t></w:r></w:p></w:body></w:document>`), 400, "carry a Clausemark document id"},
		{"an entity declared", docxType, string(rezip(t, elsewhere, "word/document.xml", func(b []byte) []byte {
			return bytes.Replace(b, []byte("?>"), []byte(`?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaa">]>`), 1)
		})), 400, "word/document.xml: has a document type declaration"},
		{"issued elsewhere", docxType, string(elsewhere), 422, "is not in the registry"},
		{"an empty body", docxType, "", 400, "the file is empty"},
		{"a form without the file", emptyForm, emptyBody, 400, "choose a returned Word file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, h, "POST", "/api/v1/review", tc.ctype, tc.body)
			errs := errorsOf(t, rec)
			if rec.Code != tc.status || len(errs) == 0 || !strings.Contains(errs[0].Message, tc.want) {
				t.Errorf("%d %s, want %d %q", rec.Code, rec.Body, tc.status, tc.want)
			}
		})
	}

	withReg := withRegistry(t, filepath.Join(dir, "small.db"))
	small := newTestServer(t, func(c *Config) { withReg(c); c.MaxUpload = 1000 })
	if rec := do(t, small, "POST", "/api/v1/review", docxType, string(elsewhere)); rec.Code != 413 || !strings.Contains(rec.Body.String(), "larger than 1000 bytes") {
		t.Errorf("over MaxUpload: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, newTestServer(t, nil), "POST", "/api/v1/review", docxType, string(elsewhere)); rec.Code != 404 || !strings.Contains(rec.Body.String(), "--no-record") {
		t.Errorf("without a registry: %d %s", rec.Code, rec.Body)
	}
	locked := newTestServer(t, func(c *Config) { withReg(c); c.Token = "s3cret" })
	if rec := do(t, locked, "POST", "/api/v1/review", docxType, string(elsewhere)); rec.Code != 401 {
		t.Errorf("without the token: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, locked, "POST", "/api/v1/review", docxType, string(elsewhere), "Authorization", "Bearer s3cret"); rec.Code != 422 {
		t.Errorf("with the token: %d %s", rec.Code, rec.Body)
	}
}

// zipOf is a zip holding one file.
func zipOf(t *testing.T, name, content string) string {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestReviewLibraryChanged: a file issued in a house style the library
// no longer has cannot be made again to compare with: 409, naming it.
func TestReviewLibraryChanged(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	data := issueDOCX(t, newTestServer(t, withReg))
	m := librarytest.Copy(t)
	delete(m, "templates/variants/ojoo.yaml")
	h := newServerOf(t, m, withReg)
	rec := do(t, h, "POST", "/api/v1/review", docxType, string(data))
	errs := errorsOf(t, rec)
	if rec.Code != 409 || len(errs) != 1 || !strings.Contains(errs[0].Message, "cannot be made again from this library") || !strings.Contains(errs[0].Message, "ojoo") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

// TestReviewBusy: a review waits for an upload slot while its file
// arrives, then for a render slot to weigh it; with either taken it gets
// 503 with Retry-After, and is answered once they are free.
func TestReviewBusy(t *testing.T) {
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
	h := specChecked(t, mux)
	for slots, want := range map[chan struct{}]string{s.uploads: "1 files are being read", s.slots: "every render slot is taken"} {
		slots <- struct{}{}
		rec := do(t, h, "POST", "/api/v1/review", docxType, string(data))
		if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("busy: %d %v %s", rec.Code, rec.Header(), rec.Body)
		}
		<-slots
	}
	if rec := do(t, h, "POST", "/api/v1/review", docxType, string(data)); rec.Code != 200 {
		t.Errorf("after the slots free: %d %s", rec.Code, rec.Body)
	}
}

// TestReviewOverHTTP: a review over a connection, the file sent as a
// client sends it, reads it at the upload's pace and answers it.
func TestReviewOverHTTP(t *testing.T) {
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	h := newTestServer(t, withReg)
	srv := httptest.NewServer(h)
	defer srv.Close()
	returned := trackReplace(t, issueDOCX(t, h), "thirty (30)", "forty-five (45)")
	resp, err := http.Post(srv.URL+"/api/v1/review", docxType, bytes.NewReader(returned))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got reviewed
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !got.AllAccepted || len(got.Changes) != 1 || got.Changes[0].Verdict != "accepted" {
		t.Errorf("%d %+v", resp.StatusCode, got)
	}
}
