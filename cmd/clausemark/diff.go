package main

import (
	"bytes"
	"fmt"
	"github.com/clausemark/clausemark/internal/diag"
	"os"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/compare"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newDiff(e *env) *cobra.Command {
	var format, output string
	var sets []string
	c := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two documents clause by clause, with a word-level diff of each changed clause",
		Long: `Diff assembles two documents, each named by a variant or a variables file, and
lists the clauses only one of them has, the clauses whose wording differs (with
the words deleted and inserted), and the clauses that are the same. Output is
for the terminal (in colour on a terminal), Markdown, or an HTML redline.`,
		Example: `  clausemark diff opsium ojoo
  clausemark diff ojoo globex.yaml --format html -o globex-redline.html`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("%s compares two documents, got %d arguments", c.CommandPath(), len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if format != "text" && format != "md" && format != "html" {
				return usagef("--format must be text, md or html, got %q", format)
			}
			lib, err := e.load()
			if err != nil {
				return err
			}
			docs := make([]*assemble.Document, 2)
			for i, arg := range args {
				req := library.Request{Sets: sets}
				if _, ok := lib.Variants[arg]; ok {
					req.Variant = arg
				} else if data, err := limitio.ReadFile(arg, limitio.Variables); err == nil {
					req.Files = []library.Input{{Name: arg, Data: data}}
				} else {
					return fmt.Errorf("diff: %q is neither a variant (%v) nor a readable variables file: %w", arg, lib.VariantNames(), err)
				}
				r, err := lib.Resolve(req)
				if err != nil {
					return diag.Wrap("diff "+arg, err)
				}
				if docs[i], err = assemble.Assemble(r); err != nil {
					return diag.Wrap("diff "+arg, err)
				}
			}
			res := compare.Documents(args[0], docs[0], args[1], docs[1])
			var b bytes.Buffer
			switch format {
			case "md":
				err = compare.Markdown(&b, res)
			case "html":
				err = compare.HTML(&b, res)
			default:
				colour := false
				if f, ok := e.stdout.(*os.File); ok && output == "" {
					colour = term.IsTerminal(int(f.Fd()))
				}
				err = compare.Text(&b, res, colour)
			}
			if err != nil {
				return err
			}
			if output == "" || output == "-" {
				_, err = e.stdout.Write(b.Bytes())
				return err
			}
			return writeOutput(output, b.Bytes())
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text, md or html")
	c.Flags().StringVarP(&output, "output", "o", "", "write to `FILE` instead of standard output")
	c.Flags().StringArrayVar(&sets, "set", nil, "set one variable in both documents, as `path=value`")
	return c
}
