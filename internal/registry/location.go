package registry

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// DSNError is a registry location written as a libpq keyword/value
// connection string ("host=db.internal user=clausemark password=…"),
// which Open would otherwise take for the name of an SQLite file, a file
// named with the password. It names the keywords it saw, never their
// values.
type DSNError struct {
	Keys []string // the keywords found, in the order written
	// URL is the location as a postgres:// URL, built from the host,
	// port, user and dbname given, without the password.
	URL string
}

func (e *DSNError) Error() string {
	msg := fmt.Sprintf("this looks like a PostgreSQL keyword/value connection string (%s), which is not a registry location: give a URL, such as %s", strings.Join(e.Keys, ", "), e.URL)
	for _, k := range e.Keys {
		if k == "password" {
			msg += ", with the password in PGPASSWORD or ~/.pgpass (or postgres://user:password@host/db)"
			break
		}
	}
	return msg + "; for a file of that name, write it as ./NAME"
}

// libpqKeys are the keywords of a libpq connection string.
var libpqKeys = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true,
	"password": true, "passfile": true, "require_auth": true, "channel_binding": true,
	"connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true,
	"keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "replication": true, "gssencmode": true, "sslmode": true,
	"requiressl": true, "sslnegotiation": true, "sslcompression": true, "sslcert": true,
	"sslkey": true, "sslpassword": true, "sslcertmode": true, "sslrootcert": true,
	"sslcrl": true, "sslcrldir": true, "sslsni": true, "requirepeer": true,
	"ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"krbsrvname": true, "gsslib": true, "gssdelegation": true, "service": true,
	"target_session_attrs": true, "load_balance_hosts": true,
}

// dsnKey is a keyword of a connection string and its =: at the start or
// after a space, or (as libpq reads it) right after a quoted value.
var dsnKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)\s*=\s*`) })

// dsnField is one keyword=value of a connection string: its keyword as
// written, its value as libpq reads it, and where the value is written
// in the string, quotes and escapes included.
type dsnField struct {
	key, value       string
	valStart, valEnd int
}

// dsnFields reads the keyword=value pairs of loc as libpq does: a value
// in single quotes runs to the next unescaped quote (or the end), a value
// without them to the next unescaped space, and in both a backslash takes
// the character after it as written, so "password=S3\ cr3t" is one value
// of seven characters and 'it\'s' one of four.
func dsnFields(loc string) []dsnField {
	var fs []dsnField
	for pos := 0; pos < len(loc); {
		m := dsnKey().FindStringSubmatchIndex(loc[pos:])
		if m == nil {
			break
		}
		f := dsnField{key: loc[pos+m[2] : pos+m[3]], valStart: pos + m[1]}
		var v strings.Builder
		i := f.valStart
		if i < len(loc) && loc[i] == '\'' {
			for i++; i < len(loc); i++ {
				if loc[i] == '\\' && i+1 < len(loc) {
					i++
				} else if loc[i] == '\'' {
					i++
					break
				}
				v.WriteByte(loc[i])
			}
		} else {
			for ; i < len(loc) && !isDSNSpace(loc[i]); i++ {
				if loc[i] == '\\' && i+1 < len(loc) {
					i++
				}
				v.WriteByte(loc[i])
			}
		}
		f.value, f.valEnd = v.String(), i
		fs = append(fs, f)
		pos = i
	}
	return fs
}

// isDSNSpace reports the spaces that end a value, as \s does in dsnKey.
func isDSNSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// parseDSN reports whether loc reads as a keyword/value connection
// string: a keyword libpq knows written keyword=value at its start or
// after a space, or two or more key=value pairs separated by spaces. It
// returns the keywords found, lower-cased, and their values.
func parseDSN(loc string) (keys []string, values map[string]string, ok bool) {
	fs := dsnFields(loc)
	if len(fs) == 0 {
		return nil, nil, false
	}
	values = map[string]string{}
	known := false
	for _, f := range fs {
		k := strings.ToLower(f.key)
		if _, dup := values[k]; !dup {
			keys = append(keys, k)
		}
		values[k] = f.value
		known = known || libpqKeys[k]
	}
	// Two pairs or more are a connection string whatever their keywords.
	return keys, values, known || len(fs) >= 2
}

// dsnError returns a *DSNError if loc is a keyword/value connection
// string, else nil.
func dsnError(loc string) error {
	keys, values, ok := parseDSN(loc)
	if !ok {
		return nil
	}
	u := url.URL{Scheme: "postgres", Host: "HOST", Path: "/DBNAME"}
	if h := values["host"]; h != "" && !strings.ContainsAny(h, ",/") {
		u.Host = h
	} else if h := values["hostaddr"]; h != "" && !strings.Contains(h, ",") {
		u.Host = h
	}
	if p := values["port"]; p != "" && !strings.Contains(p, ",") {
		u.Host += ":" + p
	}
	if n := values["user"]; n != "" {
		u.User = url.User(n)
	} else {
		u.User = url.User("USER")
	}
	if d := values["dbname"]; d != "" {
		u.Path = "/" + d
	}
	q := url.Values{}
	for _, k := range []string{"sslmode", "sslrootcert", "application_name", "connect_timeout", "target_session_attrs"} {
		if v, ok := values[k]; ok {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return &DSNError{Keys: keys, URL: u.String()}
}

// redactDSN returns a connection string with its passwords replaced,
// for messages: the whole of each value as written, quotes and escapes
// included, whatever the case of its keyword.
func redactDSN(loc string) string {
	var b strings.Builder
	last := 0
	for _, f := range dsnFields(loc) {
		k := strings.ToLower(f.key)
		if k != "password" && k != "sslpassword" {
			continue
		}
		b.WriteString(loc[last:f.valStart])
		if f.valStart < len(loc) && loc[f.valStart] == '\'' {
			b.WriteString("'xxxxx'") // as quoted, so that what follows reads as before
		} else {
			b.WriteString("xxxxx")
		}
		last = f.valEnd
	}
	b.WriteString(loc[last:])
	return b.String()
}
