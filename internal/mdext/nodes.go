package mdext

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// KindPageBreak is the kind of a [PageBreak].
var KindPageBreak = ast.NewNodeKind("PageBreak")

// PageBreak starts a new page.
type PageBreak struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (*PageBreak) Kind() ast.NodeKind { return KindPageBreak }

// Dump implements ast.Node.
func (n *PageBreak) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// KindSignatures is the kind of a [Signatures] block.
var KindSignatures = ast.NewNodeKind("Signatures")

// Signatures is a signature block. Its children are [Party] nodes; Labels
// names the lines each party signs on ("Signature", "Name", ...).
type Signatures struct {
	ast.BaseBlock
	Labels []string
}

// Kind implements ast.Node.
func (*Signatures) Kind() ast.NodeKind { return KindSignatures }

// Dump implements ast.Node.
func (n *Signatures) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Labels": strings.Join(n.Labels, ", ")}, nil)
}

// KindParty is the kind of a [Party].
var KindParty = ast.NewNodeKind("Party")

// Party is one party of a signature block: its role ("For the Processor")
// and, as inline children, its name.
type Party struct {
	ast.BaseBlock
	Role string
}

// Kind implements ast.Node.
func (*Party) Kind() ast.NodeKind { return KindParty }

// Dump implements ast.Node.
func (n *Party) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Role": n.Role}, nil)
}

// String describes the party for debugging.
func (n *Party) String() string { return fmt.Sprintf("Party(%s)", n.Role) }
