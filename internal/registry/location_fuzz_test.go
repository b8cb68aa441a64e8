package registry

import (
	"strings"
	"testing"
)

// FuzzRedactDSN: redacting a connection string replaces every password
// whole and changes nothing else libpq would read: the redacted string
// has the same keywords in the same order, each password "xxxxx" and
// every other value as it was.
func FuzzRedactDSN(f *testing.F) {
	for _, s := range []string{
		`host=x password=S3\ cr3t`,
		`host=x password='it\'s cr3t' dbname=d`,
		`password='hush\\' user=bob`,
		`password='hush'host=x`,
		`host=x password='unclosed cr3t`,
		`host=x PASSWORD = hush\ cr3t`,
		`password= host=x`,
		`password=`,
		`password=a\`,
		`sslpassword=key\ phrase sslmode=verify-full`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, loc string) {
		before := dsnFields(loc)
		red := redactDSN(loc)
		after := dsnFields(red)
		if len(after) != len(before) {
			t.Fatalf("%q redacted to %q: %d fields, was %d", loc, red, len(after), len(before))
		}
		for i, b := range before {
			a := after[i]
			if a.key != b.key {
				t.Fatalf("%q redacted to %q: field %d is %q, was %q", loc, red, i, a.key, b.key)
			}
			switch k := strings.ToLower(b.key); {
			case k == "password" || k == "sslpassword":
				if a.value != "xxxxx" {
					t.Fatalf("%q redacted to %q: %s reads %q", loc, red, b.key, a.value)
				}
			case a.value != b.value:
				t.Fatalf("%q redacted to %q: %s reads %q, was %q", loc, red, b.key, a.value, b.value)
			}
		}
	})
}
