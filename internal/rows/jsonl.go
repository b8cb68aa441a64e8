package rows

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// MaxJSONLine bounds one record of JSON Lines data. A longer line is a
// failed row, and reading goes on with the next line.
const MaxJSONLine = 4 << 20

// jsonlReader reads JSON Lines, streaming: one object a line, blank lines
// passed over.
type jsonlReader struct {
	file   string
	br     *bufio.Reader
	schema *vars.Schema
	line   int
	n      int
	done   bool
}

func (s *jsonlReader) Next() (Row, bool) {
	for !s.done {
		text, tooLong, err := ReadLine(s.br, MaxJSONLine)
		if err != nil {
			s.done = true
			if err != io.EOF {
				s.n++
				return Row{N: s.n, Pos: Pos{Line: s.line + 1}, Err: diag.Errorf(s.file, s.line+1, 0, "", "%w", err)}, true
			}
			return Row{}, false
		}
		s.line++
		if tooLong {
			s.n++
			return Row{N: s.n, Pos: Pos{Line: s.line}, Err: diag.Errorf(s.file, s.line, 0, "", "record longer than %d MiB", MaxJSONLine>>20)}, true
		}
		text = bytes.TrimSpace(text)
		if len(text) == 0 {
			continue
		}
		s.n++
		return s.record(text), true
	}
	return Row{}, false
}

// record reads one line's object.
func (s *jsonlReader) record(text []byte) Row {
	r := Row{N: s.n, Pos: Pos{Line: s.line}}
	node, err := vars.ParseJSON(text)
	if err != nil {
		var je *vars.JSONError
		if errors.As(err, &je) {
			r.Err = diag.Errorf(s.file, s.line, je.Col, "", "%s", je.Msg)
		} else {
			r.Err = diag.Errorf(s.file, s.line, 0, "", "%v", err)
		}
		return r
	}
	set, meta, err := vars.ParseMapping(s.schema, s.file, s.line-1, node)
	r.Set, r.Err = set, err
	if meta.Variant != "" || meta.Template != "" {
		r.Err = diag.Errorf(s.file, s.line, 0, "", "a row cannot choose the variant or template; give them to batch")
	}
	return r
}
