package batch

import (
	"fmt"
	"strings"
	"text/template"
	"unicode"

	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/vars"
	"golang.org/x/text/unicode/norm"
)

// DefaultName is the file name template used when none is given: the
// customer's name (the variable with role customer-name) as a slug, or the
// row number when a row has none or its slug is empty (a name in a script
// without Latin letters, such as 株式会社テスト).
const DefaultName = `{{ with role $ "customer-name" | slug }}{{ . }}{{ else }}row-{{ $.row }}{{ end }}-dpa`

// maxSlug bounds a slug in bytes, so that the longest name a customer can
// have still gives a file name.
const maxSlug = 100

// maxName bounds a file name, without its extension, in bytes.
const maxName = 120

// parseName parses a file name template. It sees the row's values as plain
// text (names, codes, ISO dates) and the row number as .row; role $ "NAME"
// is the value of the variable of schema s with that role.
func parseName(text string, s *vars.Schema) (*template.Template, error) {
	f := funcs.Map()
	f["slug"] = Slug
	f["role"] = func(data map[string]any, name string) (any, error) {
		if _, ok := vars.Role(name).Info(); !ok {
			return nil, fmt.Errorf("role %q: no such role", name)
		}
		p, ok := s.RolePath(vars.Role(name))
		if !ok {
			return "", nil
		}
		return vars.Tree(data).Get(p), nil
	}
	t, err := template.New("--name").Option("missingkey=error").Funcs(f).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("--name: %w", err)
	}
	return t, nil
}

// Slug turns text into a file-name-friendly form: accents removed, lower
// case ASCII letters and digits, runs of anything else as one hyphen.
// "Müller & Søn GmbH" becomes "muller-son-gmbh". A slug longer than
// maxSlug bytes is cut there.
func Slug(text string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'ø' || r == 'Ø':
			r = 'o'
		case r == 'ł' || r == 'Ł':
			r = 'l'
		case r == 'ß':
			b.WriteString("ss")
			hyphen = false
			continue
		}
		r = unicode.ToLower(r)
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			hyphen = false
		} else if !hyphen && b.Len() > 0 {
			b.WriteByte('-')
			hyphen = true
		}
	}
	out := b.String()
	if len(out) > maxSlug {
		out = out[:maxSlug] // ASCII: any byte is a boundary
	}
	return strings.TrimSuffix(out, "-")
}

// blankNils turns unset variables into empty text, so that a name template
// prints nothing for them rather than "<no value>".
func blankNils(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			m[k] = ""
		case map[string]any:
			blankNils(v)
		}
	}
}

// fileName executes the name template for a row and checks the result: no
// path separators, no "..", no control or reserved characters, not empty,
// not too long. A bad name is an error, never silently changed.
func fileName(t *template.Template, tree vars.Tree, n int) (string, error) {
	data := vars.Plain(tree).(map[string]any)
	blankNils(data)
	data["row"] = n
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("file name: %w", err)
	}
	name := strings.TrimSpace(b.String())
	switch {
	case name == "":
		return "", fmt.Errorf("file name is empty")
	case strings.ContainsAny(name, `/\`):
		return "", fmt.Errorf("file name %q contains a path separator", name)
	case strings.Contains(name, ".."):
		return "", fmt.Errorf("file name %q contains \"..\"", name)
	case strings.HasPrefix(name, "."):
		return "", fmt.Errorf("file name %q starts with a dot", name)
	case strings.ContainsAny(name, `<>:"|?*`):
		return "", fmt.Errorf("file name %q contains one of <>:\"|?*", name)
	case len(name) > maxName:
		return "", fmt.Errorf("file name %q is longer than %d bytes", name, maxName)
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return "", fmt.Errorf("file name %q contains a control character", name)
		}
	}
	return name, nil
}
