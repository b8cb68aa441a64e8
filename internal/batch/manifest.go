package batch

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Status of a row in the manifest.
const (
	Written = "written" // rendered and written in this run
	Skipped = "skipped" // up to date from an earlier run: same variables, outputs present
	Failed  = "failed"  // not rendered; see the errors file
)

// Record is one row's line in the manifest.
type Record struct {
	Row             int      `json:"row"`
	Line            int      `json:"line,omitempty"`
	Status          string   `json:"status"`
	Hash            string   `json:"hash,omitempty"` // SHA-256 of the row's variables, template and library versions, and formats
	Name            string   `json:"name,omitempty"`
	Outputs         []Output `json:"outputs,omitempty"`
	Template        string   `json:"template"`
	TemplateVersion string   `json:"template_version"`
	LibraryVersion  string   `json:"library_version"`
	Error           string   `json:"error,omitempty"`
}

// Output is one file written for a row.
type Output struct {
	Path   string `json:"path"` // relative to the output folder
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// ErrorRecord is one row's line in the errors file.
type ErrorRecord struct {
	Row      int    `json:"row"`
	Line     int    `json:"line,omitempty"`
	Variable string `json:"variable,omitempty"`
	Error    string `json:"error"`
}

// files names the manifest and errors files of a run; shards get their own.
func files(out string, shard, shards int) (manifest, errs string) {
	suffix := ""
	if shards > 1 {
		suffix = fmt.Sprintf(".shard-%d-of-%d", shard, shards)
	}
	return filepath.Join(out, "manifest"+suffix+".jsonl"), filepath.Join(out, "errors"+suffix+".jsonl")
}

// loadManifest reads the records of earlier runs: the last complete
// manifest, then what an interrupted run left in its partial manifest.
// Later records for a row win; a torn last line is ignored.
func loadManifest(manifest string) (map[int]Record, error) {
	prev := map[int]Record{}
	for _, name := range []string{manifest, manifest + ".partial"} {
		f, err := os.Open(name)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			var r Record
			if json.Unmarshal(sc.Bytes(), &r) != nil || r.Row <= 0 {
				continue
			}
			prev[r.Row] = r
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	return prev, nil
}

// upToDate reports whether an earlier record makes rendering the row again
// unnecessary: same variables hash and name, and every output present with
// its recorded size.
func upToDate(prev Record, hash, name, out string) bool {
	if prev.Status == Failed || prev.Hash != hash || prev.Name != name || len(prev.Outputs) == 0 {
		return false
	}
	for _, o := range prev.Outputs {
		st, err := os.Stat(filepath.Join(out, o.Path))
		if err != nil || !st.Mode().IsRegular() || st.Size() != o.Bytes {
			return false
		}
	}
	return true
}
