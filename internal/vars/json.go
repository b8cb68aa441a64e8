package vars

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/diag"
	"go.yaml.in/yaml/v3"
)

// MaxJSONDepth bounds the nesting of a JSON document read by [ParseJSON]:
// variables nest a few levels deep, so anything deeper is refused rather
// than walked.
const MaxJSONDepth = 32

// JSONError is a syntax problem in a JSON document, at a 1-based line and
// column.
type JSONError struct {
	Line, Col int
	Msg       string
}

func (e *JSONError) Error() string { return e.Msg }

// ParseJSON decodes one JSON value as JSON (not as YAML: escapes such as
// \/ and surrogate pairs mean what JSON says, and a line that is not JSON
// is an error) into a YAML node tree carrying the line and column of each
// value, so that [ParseMapping] can report positions. Duplicate keys in an
// object, nesting deeper than [MaxJSONDepth], invalid UTF-8 and anything
// after the value are errors.
func ParseJSON(data []byte) (*yaml.Node, error) {
	p := jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), line: 1, col: 1}
	p.dec.UseNumber()
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		l, c := p.position(off)
		return nil, &JSONError{Line: l, Col: c, Msg: "invalid UTF-8"}
	}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	off := p.start()
	if _, err := p.dec.Token(); err != io.EOF {
		l, c := p.position(off)
		return nil, &JSONError{Line: l, Col: c, Msg: "more than one JSON value"}
	}
	return n, nil
}

type jsonParser struct {
	data []byte
	dec  *json.Decoder
	// position cache: line and col of byte offset off, advanced forward.
	off, line, col int
}

// start is the offset of the next token: past the previous one, its
// separators and white space.
func (p *jsonParser) start() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

// position converts a byte offset to a line and a column counted in
// characters. Offsets only grow while parsing, so the scan is linear.
func (p *jsonParser) position(off int) (int, int) {
	if off < p.off {
		p.off, p.line, p.col = 0, 1, 1
	}
	for p.off < off && p.off < len(p.data) {
		r, size := utf8.DecodeRune(p.data[p.off:])
		if r == '\n' {
			p.line, p.col = p.line+1, 1
		} else {
			p.col++
		}
		p.off += size
	}
	return p.line, p.col
}

func (p *jsonParser) fail(off int, err error) error {
	l, c := p.position(off)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, usually the bad one included; the
		// token's start is the better place when it is further on.
		l, c = p.position(max(int(se.Offset)-1, off))
		return &JSONError{Line: l, Col: c, Msg: "malformed JSON: " + se.Error()}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &JSONError{Line: l, Col: c, Msg: "malformed JSON: unexpected end of input"}
	}
	return &JSONError{Line: l, Col: c, Msg: "malformed JSON: " + err.Error()}
}

func (p *jsonParser) value(depth int) (*yaml.Node, error) {
	off := p.start()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(off, err)
	}
	line, col := p.position(off)
	switch t := tok.(type) {
	case json.Delim:
		if depth >= MaxJSONDepth {
			return nil, &JSONError{Line: line, Col: col, Msg: fmt.Sprintf("JSON nested deeper than %d levels", MaxJSONDepth)}
		}
		switch t {
		case '{':
			n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: col}
			seen := map[string]bool{}
			for p.dec.More() {
				koff := p.start()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.fail(koff, err)
				}
				kl, kc := p.position(koff)
				key, ok := kt.(string)
				if !ok {
					return nil, &JSONError{Line: kl, Col: kc, Msg: "malformed JSON: object key must be a string"}
				}
				if seen[key] {
					return nil, &JSONError{Line: kl, Col: kc, Msg: fmt.Sprintf("duplicate key %s", diag.Quote(key))}
				}
				seen[key] = true
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: kl, Column: kc}, v)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.fail(p.start(), err)
			}
			return n, nil
		case '[':
			n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: col}
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.fail(p.start(), err)
			}
			return n, nil
		}
		return nil, &JSONError{Line: line, Col: col, Msg: fmt.Sprintf("malformed JSON: unexpected %q", rune(t))}
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t, Line: line, Column: col}, nil
	case json.Number:
		tag := "!!int"
		if bytes.ContainsAny([]byte(t), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(t), Line: line, Column: col}, nil
	case bool:
		v := "false"
		if t {
			v = "true"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v, Line: line, Column: col}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null", Line: line, Column: col}, nil
	}
	return nil, &JSONError{Line: line, Col: col, Msg: fmt.Sprintf("malformed JSON: unexpected token %v", tok)}
}
