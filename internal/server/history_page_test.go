package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/registry/signtest"
)

// germanOjoo is the form of an Ojoo agreement under German law, with the
// description of the transfer to India that Annex I of the SCCs needs.
func germanOjoo(customer, format string) url.Values {
	return url.Values{"_start": {"ojoo"}, "_format": {format}, "customer.name": {customer},
		"jurisdiction": {"de"}, "venue": {"Berlin"}, "deletion.days": {"45"}, "customer.country": {"DE"},
		"transfer.data_subjects": {"Employees of the Customer"}, "transfer.data_categories": {"Contact details", "Order records"}}
}

// issue downloads the form's agreement as the user named, and returns it.
func issue(t *testing.T, h http.Handler, form url.Values, user string) []byte {
	t.Helper()
	rec := do(t, h, "POST", "/download", "application/x-www-form-urlencoded", form.Encode(), "X-Forwarded-User", user)
	if rec.Code != http.StatusOK {
		t.Fatalf("download %v: %d %.500s", form, rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// rowOf returns the history row of document id, as text without tags.
func rowOf(page, id string) string {
	m := regexp.MustCompile(`(?s)<tr data-id="` + id + `">(.*?)</tr>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], " ")), " "))
}

// TestHistoryBusinessWords: the history names an agreement by its house
// style and law, its customer, its date and who issued it, and offers
// each format it was issued in by name, with no count of issuances.
func TestHistoryBusinessWords(t *testing.T) {
	h, cfg := ssoServer(t)
	pdf := issue(t, h, germanOjoo("Globex Corporation", "pdf"), "alice@example.com")
	issue(t, h, germanOjoo("Globex Corporation", "docx"), "bob@example.com")
	issue(t, h, url.Values{"_start": {"opsium"}, "_format": {"md"}, "customer.name": {"Initech GmbH"}}, "bob@example.com")
	v, err := cfg.Registry.Verify(t.Context(), pdf)
	if err != nil || v.Document == nil {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	id, date := v.ID, longDate(v.Document.Date)

	bob := []string{"X-Forwarded-User", "bob@example.com"}
	rec := do(t, h, "GET", "/history", "", "", bob...)
	page := rec.Body.String()
	row := rowOf(page, id)
	for _, want := range []string{"Globex Corporation", "Ojoo — Germany", "Data Processing Agreement", date, "by bob@example.com", id, "PDF Word", "Start a new agreement from this one"} {
		if !strings.Contains(row, want) {
			t.Errorf("row lacks %q: %s", want, row)
		}
	}
	if strings.Contains(row, "times") || strings.Contains(row, "dpa-full") || strings.Contains(row, ", de") {
		t.Errorf("row speaks the engine's language: %s", row)
	}
	for _, want := range []string{`href="/api/v1/documents/` + id + `/pdf" download>PDF</a>`, `href="/api/v1/documents/` + id + `/docx" download>Word</a>`, `href="/history/` + id + `/new"`, `<link rel="stylesheet" href="/static/history.css">`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if rec := do(t, h, "GET", "/static/history.css", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "@media") {
		t.Errorf("history.css: %d", rec.Code)
	}

	// The filter by house style.
	for style, want := range map[string][]string{"opsium": {"Initech GmbH"}, "ojoo": {"Globex Corporation"}, "": {"Initech GmbH", "Globex Corporation"}} {
		page := do(t, h, "GET", "/history?style="+style, "", "", bob...).Body.String()
		for _, c := range []string{"Initech GmbH", "Globex Corporation"} {
			if got := strings.Contains(page, c); got != strings.Contains(strings.Join(want, ","), c) {
				t.Errorf("style %q: lists %s %v", style, c, got)
			}
		}
		if style != "" && !strings.Contains(page, `<option value="`+style+`" selected>`) {
			t.Errorf("style %q is not the one selected", style)
		}
	}
	for _, target := range []string{"/history?style=nonesuch", "/history?page=0", "/history?page=x"} {
		if rec := do(t, h, "GET", target, "", "", bob...); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d", target, rec.Code)
		}
	}
}

// TestHistoryPages: the history pages on past its first hundred, newest
// first, keeping the search.
func TestHistoryPages(t *testing.T) {
	if testing.Short() {
		t.Skip("issues 101 agreements")
	}
	h, _ := ssoServer(t)
	for i := range historyPageSize + 1 {
		issue(t, h, url.Values{"_start": {"opsium"}, "_format": {"md"}, "customer.name": {fmt.Sprintf("Customer %03d", i)}}, "bob")
	}
	bob := []string{"X-Forwarded-User", "bob"}
	first := do(t, h, "GET", "/history?customer=customer", "", "", bob...).Body.String()
	if n := strings.Count(first, "<tr data-id="); n != historyPageSize || !strings.Contains(first, "Customer 100") || strings.Contains(first, "Customer 000") {
		t.Errorf("first page: %d rows", n)
	}
	if !strings.Contains(first, `id="next" href="/history?customer=customer&amp;page=2"`) || strings.Contains(first, `id="prev"`) || !strings.Contains(first, "Agreements 1 to 100") {
		t.Errorf("first page's links: %s", first[strings.Index(first, `<nav`):])
	}
	second := do(t, h, "GET", "/history?customer=customer&page=2", "", "", bob...).Body.String()
	if n := strings.Count(second, "<tr data-id="); n != 1 || !strings.Contains(second, "Customer 000") || !strings.Contains(second, `id="prev" href="/history?customer=customer"`) || strings.Contains(second, `id="next"`) {
		t.Errorf("second page: %d rows", n)
	}
	// The API pages on too.
	var list documentsList
	rec := do(t, h, "GET", "/api/v1/documents?limit=100&offset=100&variant=opsium", "", "", bob...)
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Documents) != 1 || list.More || list.Documents[0].Customer != "Customer 000" {
		t.Errorf("API offset: %d %s", rec.Code, rec.Body)
	}
}

// TestNewFromHistory: "start a new agreement from this one" opens the
// form filled in with what the agreement was asked for, in its house
// style, without its date.
func TestNewFromHistory(t *testing.T) {
	h, cfg := ssoServer(t)
	pdf := issue(t, h, germanOjoo("Globex Corporation", "pdf"), "bob")
	v, err := cfg.Registry.Verify(t.Context(), pdf)
	if err != nil {
		t.Fatal(err)
	}
	rec := do(t, h, "GET", "/history/"+v.ID+"/new", "", "", "X-Forwarded-User", "bob")
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("new from %s: %d %.500s", v.ID, rec.Code, body)
	}
	for _, want := range []string{`<option value="ojoo" selected`, `value="Globex Corporation"`, `value="45"`, `value="Berlin"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	if !regexp.MustCompile(`<option value="de"[^>]* selected`).MatchString(body) {
		t.Errorf("German law is not chosen")
	}
	// Another starting point chosen there opens that one's form.
	rec = do(t, h, "GET", "/history/"+v.ID+"/new?_start=opsium", "", "", "X-Forwarded-User", "bob")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/?_start=opsium" {
		t.Errorf("another start: %d %v", rec.Code, rec.Header())
	}
	if rec := do(t, h, "GET", "/history/CM-0000-0000-0000-0000/new", "", "", "X-Forwarded-User", "bob"); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown document: %d", rec.Code)
	}

	// A house-style issuance opens in that mode for the house role, and
	// without the identity entered for others.
	house := germanOjoo("Umbrella Corp", "md")
	house.Set("_mode", "house")
	house.Set("processor.legal_name", "Ojoo Europe GmbH")
	md := issue(t, h, house, "alice")
	hv, err := cfg.Registry.Verify(t.Context(), md)
	if err != nil {
		t.Fatal(err)
	}
	alice := do(t, h, "GET", "/history/"+hv.ID+"/new", "", "", "X-Forwarded-User", "alice").Body.String()
	if !strings.Contains(alice, `name="_mode" value="house"`) || !strings.Contains(alice, `value="Ojoo Europe GmbH"`) {
		t.Errorf("the house role's form is not in house-style mode with the legal name entered")
	}
	rec = do(t, h, "GET", "/history/"+hv.ID+"/new", "", "", "X-Forwarded-User", "bob")
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "Ojoo Europe GmbH") || !strings.Contains(rec.Body.String(), `value="Umbrella Corp"`) {
		t.Errorf("another user's form: %d", rec.Code)
	}
}

// TestVerifySignedUpload: a PDF signed after it was issued, an
// incremental update appended, is recognised by the API and the history
// page: issued, unaltered, followed by a later revision, with the
// signer; a byte changed inside the bytes issued is altered; a DOCX
// edited is not the issued bytes, derived from its document.
func TestVerifySignedUpload(t *testing.T) {
	h, cfg := ssoServer(t)
	pdf := issue(t, h, germanOjoo("Globex Corporation", "pdf"), "bob")
	v, err := cfg.Registry.Verify(t.Context(), pdf)
	if err != nil {
		t.Fatal(err)
	}
	id := v.ID
	signed, err := signtest.Sign(pdf, signtest.Signature{Name: "Jane Customer", When: "D:20260302100000Z"})
	if err != nil {
		t.Fatal(err)
	}
	verify := func(data []byte) (map[string]any, string) {
		t.Helper()
		rec := do(t, h, "POST", "/api/v1/verify", "application/octet-stream", string(data), "X-Forwarded-User", "bob")
		var got map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("verify: %d %s", rec.Code, rec.Body)
		}
		msg, _ := got["message"].(string)
		return got, msg
	}
	got, msg := verify(signed)
	if got["status"] != "issued" || got["id"] != id || got["revisions"] != float64(1) || got["issued_bytes"] != float64(len(pdf)) {
		t.Errorf("signed: %v", got)
	}
	if want := "Issued " + id + " on "; !strings.HasPrefix(msg, want) || !strings.Contains(msg, ", unaltered, followed by 1 later revision (a signature by Jane Customer)") {
		t.Errorf("signed: message %q", msg)
	}
	page := historyVerifyAs(t, h, "signed.pdf", signed)
	if !strings.Contains(page, "unaltered, followed by 1 later revision (a signature by Jane Customer)") || !strings.Contains(page, `class="verdict ok"`) {
		t.Errorf("history page of a signed copy: %s", page)
	}

	changed := bytes.Clone(signed)
	changed[len(pdf)/2] ^= 1
	if got, msg := verify(changed); got["status"] != "altered" || !strings.HasPrefix(msg, "Altered: the file names "+id) {
		t.Errorf("a byte changed inside the issued part: %v", got)
	}

	docx := issue(t, h, germanOjoo("Globex Corporation", "docx"), "bob")
	edited := editDocx(t, docx)
	if got, msg := verify(edited); got["status"] != "altered" || !strings.HasPrefix(msg, "Not the issued bytes, derived from "+id) {
		t.Errorf("an edited DOCX: %v", got)
	}
	if page := historyVerifyAs(t, h, "edited.docx", edited); !strings.Contains(page, "Not the issued bytes, derived from "+id) {
		t.Errorf("history page of an edited DOCX: %s", page)
	}
}

// historyVerifyAs is historyVerify behind the single sign-on proxy.
func historyVerifyAs(t *testing.T, h http.Handler, name string, data []byte) string {
	t.Helper()
	return historyVerify(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("X-Forwarded-User", "bob")
		h.ServeHTTP(w, r)
	}), name, data)
}

// editDocx returns docx with a word added to its text, as a customer's
// edit leaves it: the same properties, other bytes.
func editDocx(t *testing.T, docx []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "word/document.xml" {
			data = bytes.Replace(data, []byte("Globex Corporation"), []byte("Globex Corporation Ltd"), 1)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestHistoryReplyRow: a reply to a returned Word file is listed as the
// reply to the agreement it answers, with a link to that agreement alone,
// and the agreement's row names its reply; the listing's JSON gives
// derived_from.
func TestHistoryReplyRow(t *testing.T) {
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	issued := issueDOCX(t, h)
	original := replyOf(t, issued).ID
	rec := do(t, h, "POST", "/api/v1/review/reply", docxType, string(trackReplace(t, issued, "thirty (30)", "seven (7)")))
	if rec.Code != http.StatusCreated {
		t.Fatalf("reply: %d %.300s", rec.Code, rec.Body)
	}
	reply := replyOf(t, rec.Body.Bytes()).ID

	page := do(t, h, "GET", "/history", "", "").Body.String()
	if row := rowOf(page, reply); !strings.Contains(row, reply+" Reply to "+original) {
		t.Errorf("the reply's row: %s", row)
	}
	if row := rowOf(page, original); !strings.Contains(row, original+" Has a reply: "+reply) || strings.Contains(row, "Reply to") {
		t.Errorf("the original's row: %s", row)
	}
	for _, want := range []string{`Reply to <a href="/history?ref=` + original + `"><code>` + original + `</code></a>`, `Has a reply: <a href="/history?ref=` + reply + `">`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}

	// The link: the original alone, with its reply named.
	alone := do(t, h, "GET", "/history?ref="+strings.ToLower(original), "", "")
	if body := alone.Body.String(); alone.Code != http.StatusOK || strings.Count(body, "<tr data-id=") != 1 || rowOf(body, original) == "" ||
		!strings.Contains(body, "The agreement <code>"+original+"</code> alone.") || !strings.Contains(rowOf(body, original), "Has a reply: "+reply) {
		t.Errorf("the original alone: %d\n%s", alone.Code, body)
	}
	missing := do(t, h, "GET", "/history?ref=CM-0000-0000-0000-0000", "", "")
	if missing.Code != http.StatusOK || !strings.Contains(missing.Body.String(), "No agreement has the reference <code>CM-0000-0000-0000-0000</code>") {
		t.Errorf("an agreement not recorded: %d", missing.Code)
	}
	for _, ref := range []string{"", "CM-1234", "<script>"} {
		if rec := do(t, h, "GET", "/history?ref="+url.QueryEscape(ref), "", ""); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "ref must be an agreement&#39;s reference") || strings.Contains(rec.Body.String(), "<script>") {
			t.Errorf("ref %q: %d", ref, rec.Code)
		}
	}

	var list documentsList
	if err := json.Unmarshal(do(t, h, "GET", "/api/v1/documents", "", "").Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	from := map[string]string{}
	for _, d := range list.Documents {
		from[d.ID] = d.DerivedFrom
	}
	if len(from) != 2 || from[reply] != original || from[original] != "" {
		t.Errorf("listed as derived from %v", from)
	}
}
