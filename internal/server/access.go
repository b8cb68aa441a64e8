package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/registry"
)

// Who may see what. The history and the document routes hold every
// customer's agreements and their contacts' personal data, and house-style
// mode changes the processor's identity in what is issued. A server with
// an access rule names the user of each request: the header a single
// sign-on proxy in front of it sets (Config.UserHeader), or the bearer
// token (Config.Token, whose user is Config.TokenName), sent as a header,
// or as a cookie that the login page or ?token= sets. Every issuance
// records that user. House-style mode (the form's _mode=house, or
// processor values in an API render) needs the house role: a user named
// in Config.Admins, or with Config.GroupsHeader a member of a group named
// there as "group:NAME". A server without an access rule (on a loopback
// address, or serve --insecure-no-auth) cannot tell its users apart:
// everyone has the house role, and issuances name nobody.

// user is who sent a request.
type user struct {
	Name  string // "" when the server has no access rule
	House bool   // holds the house role
}

type userKey struct{}

// userOf returns the user of a request's context: without an access
// rule, nobody named, with the house role.
func (s *srv) userOf(ctx context.Context) user {
	if !s.hasRule() {
		return user{House: true}
	}
	u, _ := ctx.Value(userKey{}).(user)
	return u
}

// hasRule reports whether the server has an access rule.
func (s *srv) hasRule() bool { return s.cfg.Token != "" || s.cfg.UserHeader != "" }

// houseRole reports whether the user name, of the groups groups, holds the
// house role.
func (s *srv) houseRole(name string, groups []string) bool {
	if !s.hasRule() {
		return true
	}
	for _, a := range s.cfg.Admins {
		if g, ok := strings.CutPrefix(a, "group:"); ok {
			if s.cfg.GroupsHeader != "" && slices.Contains(groups, g) {
				return true
			}
		} else if a == name {
			return true
		}
	}
	return false
}

// splitGroups reads a groups header: names separated by commas, as
// oauth2-proxy's X-Forwarded-Groups lists them.
func splitGroups(h string) []string {
	var out []string
	for g := range strings.SplitSeq(h, ",") {
		if g = strings.TrimSpace(g); g != "" {
			out = append(out, g)
		}
	}
	return out
}

// tokenName is the user a token names when Config.TokenName does not.
const tokenName = "token"

// auth names the user of every request by the access rule, and refuses
// a request the rule does not admit with 401, on every route but the
// probes (/healthz, /readyz), the login page and the static files.
func (s *srv) auth(next http.Handler) http.Handler {
	if !s.hasRule() {
		return next
	}
	want := []byte(s.cfg.Token)
	ok := func(got string) bool {
		return s.cfg.Token != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), want) == 1
	}
	name := s.tokenUser()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if probe(r.URL.Path) || r.URL.Path == "/login" || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		pass := func(n string, groups []string) {
			u := user{Name: n, House: s.houseRole(n, groups)}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
		}
		if s.cfg.UserHeader != "" {
			if n := strings.TrimSpace(r.Header.Get(s.cfg.UserHeader)); n != "" {
				pass(n, splitGroups(r.Header.Get(s.cfg.GroupsHeader)))
				return
			}
		}
		bearer, cookie, query := presented(r)
		if bearer == "" && cookie == "" && query == "" {
			s.unauthorized(w, r)
			return
		}
		keys := []string{clientKey(r), userFailKey(name)}
		if wait := s.fails.wait(keys...); wait > 0 {
			s.tooMany(w, r, wait, nil)
			return
		}
		switch {
		case ok(bearer), ok(cookie):
			pass(name, nil)
		case ok(query):
			setTokenCookie(w, r, query)
			pass(name, nil)
		default:
			s.fails.fail(keys...)
			if cookie != "" {
				// A token changed since the browser kept it: forget it.
				http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
			}
			s.unauthorized(w, r)
		}
	})
}

// presented returns the tokens a request presents: as a bearer token, as
// the cookie the login sets, and (outside the API) as ?token=.
func presented(r *http.Request) (bearer, cookie, query string) {
	bearer, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if c, err := r.Cookie(tokenCookie); err == nil {
		cookie = c.Value
	}
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		query = r.URL.Query().Get("token")
	}
	return bearer, cookie, query
}

// tokenUser is the user a request with the token is issued by.
func (s *srv) tokenUser() string {
	if s.cfg.TokenName != "" {
		return s.cfg.TokenName
	}
	return tokenName
}

// setTokenCookie keeps the token in the browser for the rest of the
// session.
func setTokenCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
}

// unauthorized answers a request the access rule does not admit: 401,
// with the login page for a browser's page request when the rule takes a
// token, else JSON.
func (s *srv) unauthorized(w http.ResponseWriter, r *http.Request) {
	msg := "missing or wrong bearer token"
	if s.cfg.UserHeader != "" {
		msg = "no user named: this server expects the " + s.cfg.UserHeader + " header of its single sign-on proxy"
		if s.cfg.Token != "" {
			msg += ", or a bearer token"
		}
	}
	if s.cfg.Token != "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="clausemark"`)
		if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") && acceptsHTML(r) {
			s.writeLogin(w, http.StatusUnauthorized, loginPage{Next: r.URL.RequestURI()})
			return
		}
	}
	writeJSON(w, http.StatusUnauthorized, apiErrors{Errors: []apiError{{Message: msg}}})
}

// acceptsHTML reports whether the request's Accept header asks for a page.
func acceptsHTML(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		if mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part)); mt == "text/html" {
			return true
		}
	}
	return false
}

// loginPage is what login.html shows.
type loginPage struct {
	Next  string // where to go once signed in
	Error string
}

// loginTemplate is parsed on the first sign-in page a server draws, not
// when the program starts.
var loginTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.ParseFS(pagesFS, "pages/login.html"))
})

func (s *srv) writeLogin(w http.ResponseWriter, status int, p loginPage) {
	var b bytes.Buffer
	if err := loginTemplate().Execute(&b, p); err != nil {
		http.Error(w, "the page could not be drawn: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeHTML(w, status, b.Bytes())
}

// localPath returns next when it is a path on this server, else "/": a
// login never sends a browser elsewhere.
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

// handleLogin shows the login page; a server without a token has none.
func (s *srv) handleLogin() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Token == "" {
			http.NotFound(w, r)
			return
		}
		s.writeLogin(w, http.StatusOK, loginPage{Next: localPath(r.URL.Query().Get("next"))})
	})
}

// handleLoginSubmit checks the token a browser sent, and keeps it in a
// cookie.
func (s *srv) handleLoginSubmit() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Token == "" {
			http.NotFound(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, smallBody)
		if err := r.ParseForm(); err != nil {
			s.writeLogin(w, http.StatusBadRequest, loginPage{Next: "/", Error: "The form could not be read."})
			return
		}
		next := localPath(r.PostForm.Get("next"))
		keys := []string{clientKey(r), userFailKey(s.tokenUser())}
		if wait := s.fails.wait(keys...); wait > 0 {
			s.tooMany(w, r, wait, &loginPage{Next: next})
			return
		}
		got := r.PostForm.Get("token")
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) != 1 {
			s.fails.fail(keys...)
			s.writeLogin(w, http.StatusUnauthorized, loginPage{Next: next, Error: "That is not this server's access token."})
			return
		}
		setTokenCookie(w, r, got)
		http.Redirect(w, r, next, http.StatusSeeOther)
	})
}

// houseRefused is the answer to a request for house-style mode from a
// user without the house role.
func houseRefused(w http.ResponseWriter, u user) {
	msg := "house-style mode changes the processor's identity in what is issued: it needs the house role, which " + u.Name + " does not hold (serve --admins)"
	writeJSON(w, http.StatusForbidden, apiErrors{Errors: []apiError{{Message: msg}}})
}

// houseOnly refuses a form request in house-style mode (_mode=house, in
// the address or the body) from a user without the house role. The body,
// read whole already (see limit), is read again by the handler.
func (s *srv) houseOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := s.userOf(r.Context())
		if u.House || !s.asksHouse(r) {
			next.ServeHTTP(w, r)
			return
		}
		houseRefused(w, u)
	})
}

// asksHouse reports whether a form request asks for house-style mode. It
// reads a copy of the body, and leaves the body as it was for the
// handler, with the error that ended its read.
func (s *srv) asksHouse(r *http.Request) bool {
	if r.URL.Query().Get("_mode") == houseMode {
		return true
	}
	if r.Body == nil || r.Body == http.NoBody {
		return false
	}
	data, err := io.ReadAll(r.Body)
	r.Body = &readBody{r: bytes.NewReader(data), err: err}
	c := r.Clone(r.Context())
	c.Body = io.NopCloser(bytes.NewReader(data))
	c.Form, c.PostForm, c.MultipartForm = nil, nil, nil
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		_ = c.ParseMultipartForm(s.cfg.MaxBody)
		if c.MultipartForm != nil {
			defer c.MultipartForm.RemoveAll()
		}
	} else {
		_ = c.ParseForm()
	}
	return c.PostForm.Get("_mode") == houseMode
}

// houseAPI refuses an API render that enters the processor's identity
// (registry.ModeHouse) from a user without the house role; it reports
// whether to go on.
func (s *srv) houseAPI(w http.ResponseWriter, r *http.Request, res *library.Resolved) bool {
	u := s.userOf(r.Context())
	if u.House || registry.ResolvedMode(res) != registry.ModeHouse {
		return true
	}
	houseRefused(w, u)
	return false
}

// issuer records each document as issued by the request's user.
type issuer struct{ next generate.Recorder }

func (i issuer) Record(ctx context.Context, res *generate.Result) error {
	if u, _ := ctx.Value(userKey{}).(user); res.Origin.User == "" && u.Name != "" {
		res.Origin.User = u.Name
	}
	return i.next.Record(ctx, res)
}
