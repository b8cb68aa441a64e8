package registry

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
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

// dsnPair is a keyword and its value in a connection string: the value
// quoted in single quotes (with backslash escapes) or running to the next
// space.
var dsnPair = regexp.MustCompile(`(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)\s*=\s*('(?:[^'\\]|\\.)*'?|\S*)`)

// parseDSN reports whether loc reads as a keyword/value connection
// string: a keyword libpq knows written keyword=value at its start or
// after a space, or two or more key=value pairs separated by spaces. It
// returns the keywords found, lower-cased, and their values.
func parseDSN(loc string) (keys []string, values map[string]string, ok bool) {
	ms := dsnPair.FindAllStringSubmatchIndex(loc, -1)
	if len(ms) == 0 {
		return nil, nil, false
	}
	values = map[string]string{}
	known := false
	for _, m := range ms {
		k := strings.ToLower(loc[m[2]:m[3]])
		v := loc[m[4]:m[5]]
		if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = strings.NewReplacer(`\'`, `'`, `\\`, `\`).Replace(v[1 : len(v)-1])
		}
		if _, dup := values[k]; !dup {
			keys = append(keys, k)
		}
		values[k] = v
		known = known || libpqKeys[k]
	}
	// Two pairs or more are a connection string whatever their keywords.
	return keys, values, known || len(ms) >= 2
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
// for messages.
func redactDSN(loc string) string {
	ms := dsnPair.FindAllStringSubmatchIndex(loc, -1)
	var b strings.Builder
	last := 0
	for _, m := range ms {
		k := strings.ToLower(loc[m[2]:m[3]])
		if k != "password" && k != "sslpassword" {
			continue
		}
		b.WriteString(loc[last:m[4]])
		b.WriteString("xxxxx")
		last = m[5]
	}
	b.WriteString(loc[last:])
	return b.String()
}
