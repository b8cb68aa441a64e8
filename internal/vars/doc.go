// Package vars declares, parses and validates the typed variables of a
// Clausemark document.
//
// A library declares its variables once, in a [Schema] loaded with
// [LoadSchema]: each [Var] has a dotted path such as "deletion.days", a
// [Kind], constraints, a default and a description. Input from YAML files
// ([ParseFile]), "path=value" strings ([ParseAssignment]) and single cells
// ([Var.ParseString]) is converted once, at the edge, into typed values:
// [Text], [Int], [Amount], [Date], [Enum], bool, lists and jurisdiction
// records. [Resolve] layers those [Set]s, applies defaults, checks required
// values and returns the [Tree] handed to text/template.
//
// # Values are data
//
// Typed values print themselves as Markdown: a [Text] escapes every
// character that Markdown would read as markup, so a customer called
// "*Stars* _Ltd_" stays literal. Values are never parsed as templates.
//
// # Errors
//
// Every problem is a *diag.Error naming the file, line and column (or the
// "--set" flag) and the variable path; functions that can find several
// problems return them all at once as a diag.List.
package vars
