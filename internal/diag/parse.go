package diag

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The two parsers whose errors carry positions only in their text: go.yaml.in
// writes syntax errors as "yaml: line N: msg", and text/template writes
// parse errors as "template: name:line:col: msg". Neither has a structured
// error for them, so these two functions are the only places a message is
// read for its position.
var (
	yamlLine     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): `) })
	templateLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^template: [^:]*:(\d+):(?:(\d+):)? ?`) })
)

// YAML returns a YAML parse error of file as an *Error at its line, offset
// by offset lines (for YAML embedded in a larger file). A type error keeps
// its messages, joined.
func YAML(file string, offset int, err error) *Error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return &Error{File: file, Err: fmt.Errorf("invalid YAML: %s", strings.Join(te.Errors, "; "))}
	}
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: file, Line: line + offset, Err: fmt.Errorf("invalid YAML: %s", msg[len(m[0]):])}
	}
	return &Error{File: file, Err: fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))}
}

// YAMLIn is [YAML] for a whole file's data, offset 0: where the line the
// error names is indented with a tab, which YAML never takes for
// indentation, it says so, as the parser's own words do not always.
func YAMLIn(file string, data []byte, err error) *Error {
	e := YAML(file, 0, err)
	if e.Line <= 0 {
		return e
	}
	line := data
	for range e.Line - 1 {
		i := bytes.IndexByte(line, '\n')
		if i < 0 {
			return e
		}
		line = line[i+1:]
	}
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if lead := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]; bytes.IndexByte(lead, '\t') >= 0 {
		e.Err = fmt.Errorf("%w (the line is indented with a tab: YAML indents with spaces)", e.Err)
	}
	return e
}

// Template returns a text/template parse error of file as an *Error at
// its line and column.
func Template(file string, err error) *Error {
	msg := err.Error()
	if m := templateLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return &Error{File: file, Line: line, Col: col, Err: errors.New(msg[len(m[0]):])}
	}
	return &Error{File: file, Err: err}
}
