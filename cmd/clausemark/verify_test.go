package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/registry/signtest"
)

// TestVerifySignedCopy: a PDF issued by render and then signed, as an
// e-signature tool signs it (an incremental update appended), verifies as
// issued and unaltered, followed by a later revision that names the
// signer; a change of one byte inside the issued part is altered.
func TestVerifySignedCopy(t *testing.T) {
	getenv := testEnv(t)
	dir := t.TempDir()
	issuedPath := filepath.Join(dir, "globex.pdf")
	if _, stderr, err := runWith(getenv, "render", "--variant", "opsium", "--set", "customer.name=Globex Corporation", "-o", issuedPath); err != nil {
		t.Fatalf("render: %v\n%s", err, stderr)
	}
	issued, err := os.ReadFile(issuedPath)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := signtest.Sign(issued, signtest.Signature{Name: "Jane Customer", When: "D:20260302100000Z"})
	if err != nil {
		t.Fatal(err)
	}
	altered := bytes.Clone(signed)
	altered[len(issued)/2] ^= 1
	signedPath, alteredPath := filepath.Join(dir, "globex-signed.pdf"), filepath.Join(dir, "globex-altered.pdf")
	for path, data := range map[string][]byte{signedPath: signed, alteredPath: altered} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	stdout, stderr, err := runWith(getenv, "verify", signedPath)
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, stderr)
	}
	want := regexp.MustCompile(`^\S+globex-signed\.pdf: issued CM-[0-9A-Z-]+ on \d{4}-\d\d-\d\d, unaltered, followed by 1 later revision \(a signature by Jane Customer\): pdf of \d+ bytes, customer Globex Corporation, dated `)
	if !want.Match(stdout) {
		t.Errorf("verify says:\n%s\nwant it to match %s", stdout, want)
	}

	stdout, _, err = runWith(getenv, "verify", alteredPath)
	if !errors.Is(err, ErrNotIssued) || !bytes.Contains(stdout, []byte("globex-altered.pdf: altered: id CM-")) {
		t.Errorf("verify of a copy altered inside the issued part: %v\n%s", err, stdout)
	}

	stdout, stderr, err = runWith(getenv, "verify", "--json", signedPath)
	if err != nil {
		t.Fatalf("verify --json: %v\n%s", err, stderr)
	}
	var got []struct {
		Verdict struct {
			Status      string   `json:"status"`
			Revisions   int      `json:"revisions"`
			IssuedBytes int      `json:"issued_bytes"`
			Signers     []string `json:"signers"`
		} `json:"verdict"`
	}
	if err := json.Unmarshal(stdout, &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if v := got[0].Verdict; len(got) != 1 || v.Status != "issued" || v.Revisions != 1 || v.IssuedBytes != len(issued) || len(v.Signers) != 1 || v.Signers[0] != "Jane Customer" {
		t.Errorf("verify --json: %s", stdout)
	}
}

// TestVerifyEditedDOCX: a DOCX edited after it was issued is not the
// issued bytes, and names the document it was derived from by the id in
// its properties; its status stays altered.
func TestVerifyEditedDOCX(t *testing.T) {
	getenv := testEnv(t)
	dir := t.TempDir()
	issuedPath, editedPath := filepath.Join(dir, "initech.docx"), filepath.Join(dir, "initech-edited.docx")
	if _, stderr, err := runWith(getenv, "render", "--variant", "opsium", "--set", "customer.name=Initech GmbH", "-o", issuedPath); err != nil {
		t.Fatalf("render: %v\n%s", err, stderr)
	}
	zr, err := zip.OpenReader(issuedPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var edited bytes.Buffer
	zw := zip.NewWriter(&edited)
	for _, f := range zr.File {
		data, err := readZipFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "word/document.xml" {
			data = bytes.Replace(data, []byte("Initech GmbH"), []byte("Initech AG"), 1)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(editedPath, edited.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, err := runWith(getenv, "verify", editedPath)
	want := regexp.MustCompile(`initech-edited\.docx: not the issued bytes, derived from CM-[0-9A-Z-]+: recorded hash docx [0-9a-f]{64} differs from this file's [0-9a-f]{64}\n$`)
	if !errors.Is(err, ErrNotIssued) || !want.Match(stdout) {
		t.Errorf("verify: %v\n%s", err, stdout)
	}
	stdout, _, _ = runWith(getenv, "verify", "--json", editedPath)
	if !bytes.Contains(stdout, []byte(`"status": "altered"`)) {
		t.Errorf("verify --json:\n%s", stdout)
	}
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// TestRenderRecordsIssuedOnly: a render to standard output is a trial and
// records nothing unless --record; a render to a file records the
// document and says so.
func TestRenderRecordsIssuedOnly(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		recorded bool
	}{
		{"standard output", nil, false},
		{"standard output, -o -", []string{"-o", "-"}, false},
		{"standard output, --record", []string{"--record"}, true},
		{"a file", []string{"-o", "FILE"}, true},
		{"a file, --no-record", []string{"-o", "FILE", "--no-record"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv := testEnv(t)
			args := []string{"render", "--variant", "opsium", "--set", "customer.name=Globex Corporation"}
			for _, a := range tc.args {
				if a == "FILE" {
					a = filepath.Join(t.TempDir(), "globex.md")
				}
				args = append(args, a)
			}
			_, stderr, err := runWith(getenv, args...)
			if err != nil {
				t.Fatalf("render: %v\n%s", err, stderr)
			}
			says := regexp.MustCompile(`^clausemark: (wrote \S+: .* · )?recorded as CM-[0-9A-Z-]+; --no-record to skip\n$`).MatchString(stderr)
			if says != tc.recorded {
				t.Errorf("stderr %q; want the record said: %v", stderr, tc.recorded)
			}
			stdout, stderr, err := runWith(getenv, "registry", "list")
			if tc.recorded && (err != nil || !bytes.Contains(stdout, []byte("Globex Corporation"))) {
				t.Errorf("registry list: %v\n%s%s", err, stdout, stderr)
			}
			if !tc.recorded && err == nil && !bytes.Contains(stdout, []byte("no documents")) {
				t.Errorf("a trial render was recorded:\n%s", stdout)
			}
		})
	}
	_, _, err := runWith(testEnv(t), "render", "--variant", "opsium", "--record", "--no-record")
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "--record or --no-record, not both") {
		t.Errorf("--record --no-record: %v", err)
	}
}

func runWith(getenv func(string) string, args ...string) ([]byte, string, error) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr)
	return stdout.Bytes(), stderr.String(), err
}
