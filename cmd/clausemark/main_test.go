package main

import (
	"archive/zip"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/pgtest"
)

var update = flag.Bool("update", false, "update the expected output in testdata/script")

func TestMain(m *testing.M) {
	// The tests that record into PostgreSQL get a server for the run.
	testscript.Main(pgtest.Wrap(m), map[string]func(){
		"clausemark": main,
	})
}

// TestScript runs the end-to-end scripts in testdata/script: each runs the
// clausemark binary in an empty directory, where $WORK/lib holds a copy of
// the library for --library.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			// Each script records into a registry of its own.
			env.Setenv("CLAUSEMARK_REGISTRY", filepath.Join(env.WorkDir, "registry.db"))
			// Tables are read a row to a line, as on a wide terminal;
			// says.txtar clears COLUMNS for the 80 columns of a pipe.
			env.Setenv("COLUMNS", "1000")
			return copyLibrary(filepath.Join(env.WorkDir, "lib"))
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"zipgrep": zipgrep, "alter": alter, "idof": idof, "xlsx": xlsx, "listed": listed},
		// [race]: the clausemark on $PATH is this race-instrumented test
		// binary, several times slower, so a bound on work may be
		// reached as the bound on time.
		Condition: func(cond string) (bool, error) {
			if cond == "race" {
				return raceEnabled, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// zipgrep FILE PART REGEXP succeeds when the part PART of the zip file
// FILE (a DOCX) matches REGEXP.
func zipgrep(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: zipgrep FILE PART REGEXP")
	}
	z, err := zip.OpenReader(ts.MkAbs(args[0]))
	ts.Check(err)
	defer z.Close()
	f, err := z.Open(args[1])
	ts.Check(err)
	data, err := io.ReadAll(f)
	ts.Check(err)
	re, err := regexp.Compile(args[2])
	ts.Check(err)
	if re.Match(data) == neg {
		ts.Fatalf("zipgrep %s %s %q: matched %v, want %v", args[0], args[1], args[2], neg, !neg)
	}
}

// listed FILE REGEXP SEP [ITEM...] succeeds when the first line of FILE
// (stdout, stderr or a file) that REGEXP matches holds, in the regexp's
// first group, a list separated by SEP that is sorted, has no item twice
// and has every ITEM: a script asserts what a list must hold without
// pinning the whole of it.
func listed(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 3 || neg {
		ts.Fatalf("usage: listed FILE REGEXP SEP [ITEM...]")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	m := re.FindStringSubmatch(ts.ReadFile(args[0]))
	if len(m) < 2 {
		ts.Fatalf("no line of %s matches %q with a group", args[0], args[1])
	}
	list := strings.Split(m[1], args[2])
	if !slices.IsSorted(list) {
		ts.Fatalf("%q is not sorted", m[1])
	}
	if c := slices.Compact(slices.Clone(list)); len(c) != len(list) {
		ts.Fatalf("%q has an item twice", m[1])
	}
	for _, want := range args[3:] {
		if !slices.Contains(list, want) {
			ts.Fatalf("%q lacks %s", m[1], want)
		}
	}
}

// alter SRC DST copies SRC to DST with one byte in its middle changed.
func alter(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: alter SRC DST")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	data[len(data)/2] ^= 0x20
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}

// idof FILE VAR sets VAR to the document id FILE carries.
// xlsx CSV XLSX writes the rows of a CSV file as an Excel workbook, as a
// spreadsheet saves them: cells that read as whole numbers stored as numbers.
func xlsx(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: xlsx CSV XLSX")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	ts.Check(err)
	book := excelize.NewFile()
	defer book.Close()
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
			if n, err := strconv.Atoi(c); err == nil {
				cells[j] = n
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		ts.Check(book.SetSheetRow("Sheet1", cell, &cells))
	}
	ts.Check(book.SaveAs(ts.MkAbs(args[1])))
}

func idof(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: idof FILE VAR")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	id := docid.Find(data)
	if id == "" {
		ts.Fatalf("%s carries no document id", args[0])
	}
	ts.Setenv(args[1], id)
}

func copyLibrary(dir string) error {
	return fs.WalkDir(clausemark.Library, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := fs.ReadFile(clausemark.Library, p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}
