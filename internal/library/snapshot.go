package library

//go:generate go run -tags nosnapshot ./snapgen -o snapshot_gen.go

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

	"github.com/clausemark/clausemark/internal/checklist"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/vars"
)

// The library embedded in the binary is also kept as a snapshot:
// snapshot_gen.go, written by snapgen (go generate ./internal/library)
// from the library as Load loads it, rebuilds the loaded library with no
// file parsed, and each clause's text/template body is parsed on its
// first use. LoadLazy takes the snapshot when the files it is given hash
// to the snapshot's source, and loads them otherwise.

// RegenerateCommand regenerates the snapshot of the embedded library.
const RegenerateCommand = "go generate ./internal/library"

// SourceHash returns "sha256:" and the hex digest of every file of fsys,
// by path in lexical order: the identity of the files a snapshot was made
// from.
func SourceHash(fsys fs.FS) (string, error) {
	h := sha256.New()
	if err := digest(fsys, h); err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// SourceCheck is a CRC-32C of the same bytes SourceHash digests: cheap
// enough for every process to tell whether the files it embeds are those
// its snapshot was made from (TestSnapshotCurrent compares their SHA-256).
func SourceCheck(fsys fs.FS) (uint32, error) {
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	if err := digest(fsys, h); err != nil {
		return 0, err
	}
	return h.Sum32(), nil
}

// digest writes each file of fsys to h, by path in lexical order, after
// its path and size.
func digest(fsys fs.FS, h io.Writer) error {
	buf := make([]byte, 32<<10)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return err
		}
		io.WriteString(h, p+"\x00"+strconv.FormatInt(info.Size(), 10)+"\x00")
		n, err := io.CopyBuffer(h, f, buf)
		if err == nil && n != info.Size() {
			err = fmt.Errorf("%s: read %d bytes of %d", p, n, info.Size())
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("hash the library's files: %w", err)
	}
	return nil
}

// fromSnapshot returns the library the snapshot holds if fsys holds the
// files it was made from, else nil.
func fromSnapshot(fsys fs.FS) *Library {
	if snapshotSource == "" {
		return nil
	}
	// Checking the files and restoring need nothing of each other: on a
	// second core the check runs beside the restoring, whose library is
	// dropped if the files turn out not to be the snapshot's.
	same := make(chan bool, 1)
	go func() {
		sum, err := SourceCheck(fsys)
		same <- err == nil && sum == snapshotCheck
	}()
	lib := restore(fsys)
	if !<-same {
		return nil
	}
	return lib
}

// restore rebuilds the snapshot's library over fsys, with what Load sets
// beside the loaded files: the template functions its clauses and
// conditions call, over the library's own tables, the parsed conditions
// and the checklists, parsed on first use with every function.
func restore(fsys fs.FS) *Library {
	m := funcs.MapOf(snapshotFuncs...)
	cf := clause.NewFuncs(m)
	lib := restoreSnapshot(cf)
	lib.Funcs, lib.FS = m, fsys
	lib.addTableFuncs(m)
	for _, t := range lib.Templates {
		for _, p := range t.Parts {
			if p.When == "" {
				continue
			}
			// As parseTemplate parses it, which found it sound.
			text := strings.Repeat("\n", max(p.Line-1, 0)) + "{{if " + p.When + "}}1{{end}}"
			cond, err := cf.Parse(t.File, text, func(cond *template.Template) error {
				return clause.GuardCondition(cond, t.File, text)
			})
			if err != nil {
				// Cannot happen for the snapshot's own text; the part
				// then fails wherever it is included.
				cond = failing(t.File, fmt.Errorf("when: %w", err))
			}
			p.Cond = cond
		}
	}
	lib.checklists = sync.OnceValues(func() (map[string]*checklist.Checklist, error) {
		all := funcs.Map()
		lib.addTableFuncs(all)
		return checklist.Load(fsys, all)
	})
	return lib
}

// CalledFuncs returns, sorted, the functions of [funcs.Map] that the
// templates of lib's clauses (every alternative) and the conditions of
// its templates call: those the snapshot keeps (snapshotFuncs).
func (lib *Library) CalledFuncs() []string {
	all := funcs.Map()
	called := map[string]bool{}
	walk := func(set *template.Template) {
		for _, t := range set.Templates() {
			if t.Tree == nil {
				continue
			}
			funcs.WalkTree(t.Tree.Root, func(n parse.Node) {
				if id, ok := n.(*parse.IdentifierNode); ok && all[id.Ident] != nil {
					called[id.Ident] = true
				}
			})
		}
	}
	for _, c := range lib.Clauses {
		walk(c.Template(clause.DefaultAlternative))
	}
	for _, t := range lib.Templates {
		for _, p := range t.Parts {
			if p.Cond != nil {
				walk(p.Cond)
			}
		}
	}
	return slices.Sorted(maps.Keys(called))
}

// addTableFuncs adds to m the functions over the library's own tables
// (transfers, supervisory authorities).
func (lib *Library) addTableFuncs(m template.FuncMap) {
	var countryPath string
	if lib.Schema != nil {
		countryPath, _ = lib.Schema.RolePath(vars.RoleCustomerCountry)
	}
	for name, fn := range lib.Transfers.Funcs(lib.Countries, countryPath) {
		m[name] = fn
	}
	for name, fn := range lib.Authorities.Funcs(lib.Countries, countryPath) {
		m[name] = fn
	}
}

// failing is a template whose execution fails with err.
func failing(name string, err error) *template.Template {
	t, _ := template.New(name).Funcs(template.FuncMap{"fail": func() (string, error) { return "", err }}).Parse("{{fail}}")
	return t
}
