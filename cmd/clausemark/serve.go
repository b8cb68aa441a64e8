package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/clausemark/clausemark/internal/catalog"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/server"
)

// tokenEnv names the environment variable that may hold the bearer token.
const tokenEnv = "CLAUSEMARK_TOKEN"

func newServe(e *env) *cobra.Command {
	var addr, token string
	var pdfa bool
	var rec recordFlag
	var renders int
	var maxBody, maxUpload int64
	var hosts []string
	var bodyTimeout time.Duration
	var acc access
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web form and the JSON API",
		Long: `Serve starts an HTTP server with the web form for sales ops (live preview,
downloads as ` + catalog.Formats().List() + `), the history of the documents issued at /history
(search, download again, verify a file), and the JSON API documented at
/api/openapi.json. Every download is recorded in the registry (see
'clausemark registry'; --no-record for none). It
uses the embedded library, or --library DIR, and stops gracefully on SIGINT or
SIGTERM.

Who may see what: the history holds every customer's agreements. On an address
beyond this machine (--addr :8080) serve needs an access rule, and refuses to
start without one (--insecure-no-auth overrides, and says so at every start):
  --token TOKEN (or $` + tokenEnv + `)  every route but /healthz and /readyz needs
      "Authorization: Bearer TOKEN"; a browser signs in at /login, or opens
      /?token=TOKEN once, and keeps a cookie. Documents are issued by
      --token-name. Wrong tokens are limited: after 5 from one address, or
      25 from any, each more shuts them out for 1 s, doubling up to 5
      minutes, answered 429 with Retry-After.
  --auth header:X-Forwarded-User  behind a single sign-on proxy (oauth2-proxy)
      that is the only way to the server and sets the header to the user's
      name on every request; documents are issued by that user.
House-style mode (the processor's identity entered in the form, or through the
API) needs the house role: the users --admins names, or with --groups-header
the members of the groups it names as group:NAME. Without an access rule
everyone has it.

Requests must name the server in their Host header as localhost, an IP
address, the --addr host, or a name given with --allowed-hosts (the names
clients use: a Service's, a load balancer's), so that a web page whose name
is made to lead to this server (DNS rebinding) cannot read it; other names
get 421. /healthz and /readyz answer any name.`,
		Example: `  clausemark serve
  clausemark serve --addr :8080 --token "$(openssl rand -hex 16)"
  clausemark serve --addr :8080 --auth header:X-Forwarded-User --groups-header X-Forwarded-Groups --admins group:legal`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			lib, err := e.load()
			if err != nil {
				return err
			}
			checker := check.NewChecker(lib)
			if err := checker.Err(); err != nil {
				return err
			}
			if _, err := pdf.LoadFonts(); err != nil {
				return err
			}
			if token == "" {
				token = e.getenv(tokenEnv)
			}
			log := slog.New(slog.NewJSONHandler(e.stderr, nil))
			cfg := server.NewConfig()
			cfg.Library, cfg.Logger, cfg.Token = lib, log, token
			cfg.Now = e.now
			if err := acc.apply(&cfg); err != nil {
				return err
			}
			cfg.Checker = checker
			reg, err := rec.recorder(e)
			if err != nil {
				return err
			}
			if reg != nil {
				defer reg.Close()
			}
			cfg.Generator = withRecorder(e.generator(format.A4, pdfa), reg)
			cfg.Registry = reg
			if renders > 0 {
				cfg.MaxRenders = renders
			}
			if maxBody > 0 {
				cfg.MaxBody = maxBody
			}
			if bodyTimeout > 0 {
				cfg.BodyTimeout = bodyTimeout
			}
			if maxUpload > 0 {
				cfg.MaxUpload = maxUpload
			}
			cfg.AllowedHosts, err = allowedHosts(addr, hosts)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return diag.Wrap("serve", err)
			}
			if err := acc.check(&cfg, ln.Addr(), log); err != nil {
				ln.Close()
				return err
			}
			// A request's headers must arrive within 5 s and the whole
			// request within 15 s, unless its route sets its own deadline
			// for the body (--body-timeout for the form and the API, which
			// read their bodies before waiting for a render slot).
			srv := &http.Server{
				Handler:           server.New(cfg),
				ReadHeaderTimeout: 5 * time.Second,
				ReadTimeout:       15 * time.Second,
				WriteTimeout:      60 * time.Second,
				IdleTimeout:       120 * time.Second,
			}
			log.Info("listening", "addr", "http://"+ln.Addr().String(), "library", lib.Name, "version", lib.Version, "auth", acc.describe(&cfg),
				"hosts", append([]string{"localhost", "IP addresses"}, cfg.AllowedHosts...))
			fmt.Fprintf(e.stdout, "%s: serving on http://%s\n", name, ln.Addr())
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case err := <-errc:
				return diag.Wrap("serve", err)
			case <-e.ctx.Done():
			}
			log.Info("shutting down")
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil {
				return diag.Wrap("serve: shutdown", err)
			}
			if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	rec.register(c)
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen on `ADDRESS`")
	c.Flags().StringVar(&token, "token", "", "require this bearer `TOKEN` (default: $"+tokenEnv+")")
	c.Flags().BoolVar(&pdfa, "pdf-a", false, pdfaUsage+", unless a request says otherwise")
	c.Flags().IntVar(&renders, "renders", 0, "render at most `N` documents at once (default: twice the CPUs)")
	c.Flags().Int64Var(&maxBody, "max-body", 0, "largest request body in `BYTES` (default: 1 MiB)")
	c.Flags().Int64Var(&maxUpload, "max-upload", 0, "largest file to verify in `BYTES`, read as it arrives, never whole (default: 64 MiB)")
	c.Flags().DurationVar(&bodyTimeout, "body-timeout", 0, "how long a request body may take to arrive, then 408 (default: 10s)")
	acc.register(c)
	c.Flags().StringSliceVar(&hosts, "allowed-hosts", nil, "also answer requests naming these host `NAMES` (comma-separated; * for any), besides localhost, IP addresses and the --addr host")
	return c
}

// allowedHosts returns the host names the server answers to besides
// localhost and IP addresses: the --addr host, when it is a name, and
// those of --allowed-hosts, each a bare name (a port is ignored).
func allowedHosts(addr string, names []string) ([]string, error) {
	var out []string
	if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
		if _, err := netip.ParseAddr(strings.Trim(h, "[]")); err != nil {
			out = append(out, strings.ToLower(h))
		}
	}
	for _, n := range names {
		n = strings.TrimSpace(n)
		host := n
		if h, _, err := net.SplitHostPort(n); err == nil {
			host = h
		}
		if n != "*" && (host == "" || strings.ContainsAny(n, "/@?#* \t\\")) {
			return nil, usagef("--allowed-hosts: %q is not a host name: give names such as clausemark.example.com, separated by commas", n)
		}
		out = append(out, strings.ToLower(n))
	}
	return out, nil
}

// access is serve's access rule flags (see server's access.go).
type access struct {
	auth, groupsHeader, tokenName string
	admins                        []string
	insecure                      bool
}

func (a *access) register(c *cobra.Command) {
	c.Flags().StringVar(&a.auth, "auth", "", "take the user from a single sign-on proxy's header: header:`NAME`, such as header:X-Forwarded-User")
	c.Flags().StringVar(&a.groupsHeader, "groups-header", "", "with --auth header:..., the header `NAME` that lists the user's groups, comma-separated (X-Forwarded-Groups)")
	c.Flags().StringSliceVar(&a.admins, "admins", nil, "the `USERS` who hold the house role (house-style mode), comma-separated; group:NAME for a group's members")
	c.Flags().StringVar(&a.tokenName, "token-name", "", "the user the documents issued with --token are recorded as issued by (default: token)")
	c.Flags().BoolVar(&a.insecure, "insecure-no-auth", false, "serve on an address beyond this machine without an access rule: anyone who reaches it sees every agreement")
}

// apply puts the access rule into cfg, whose Token is set; a rule that
// cannot work is a usage error.
func (a *access) apply(cfg *server.Config) error {
	if a.auth != "" {
		h, ok := strings.CutPrefix(a.auth, "header:")
		if !ok || !validHeader(h) {
			return usagef("--auth %q: give header:NAME, the header a single sign-on proxy sets to the user's name (header:X-Forwarded-User)", a.auth)
		}
		cfg.UserHeader = http.CanonicalHeaderKey(h)
	}
	if a.groupsHeader != "" {
		if cfg.UserHeader == "" || !validHeader(a.groupsHeader) {
			return usagef("--groups-header %q: give a header name, with --auth header:NAME (the groups come from the same proxy)", a.groupsHeader)
		}
		cfg.GroupsHeader = http.CanonicalHeaderKey(a.groupsHeader)
	}
	for _, n := range a.admins {
		n = strings.TrimSpace(n)
		switch g, group := strings.CutPrefix(n, "group:"); {
		case n == "" || group && g == "":
			return usagef("--admins: %q is not a user name or group:NAME", n)
		case group && cfg.GroupsHeader == "":
			return usagef("--admins %s: a group needs --groups-header, the header that lists the user's groups", n)
		}
		cfg.Admins = append(cfg.Admins, n)
	}
	if len(cfg.Admins) > 0 && cfg.Token == "" && cfg.UserHeader == "" {
		return usagef("--admins needs an access rule to know who is asking: --token or --auth header:NAME")
	}
	cfg.TokenName = a.tokenName
	return nil
}

// validHeader reports whether h is a header name: letters, digits and
// dashes.
func validHeader(h string) bool {
	if h == "" {
		return false
	}
	for _, c := range h {
		if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// check refuses to serve on addr, an address beyond this machine, without
// an access rule, unless --insecure-no-auth; that override is logged.
func (a *access) check(cfg *server.Config, addr net.Addr, log *slog.Logger) error {
	if cfg.Token != "" || cfg.UserHeader != "" || loopback(addr) {
		return nil
	}
	if !a.insecure {
		return usagef("serving on %s, beyond this machine, needs an access rule: every customer's agreements would be open to anyone who reaches it; give --token (or $%s), or --auth header:X-Forwarded-User behind a single sign-on proxy (--insecure-no-auth to serve without one)", addr, tokenEnv)
	}
	log.Warn("serving without an access rule (--insecure-no-auth): anyone who reaches this address sees every customer's agreements and may change the processor's identity", "addr", addr.String())
	return nil
}

// loopback reports whether addr is on this machine only.
func loopback(addr net.Addr) bool {
	t, ok := addr.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

// describe names the access rule for the start-up log.
func (a *access) describe(cfg *server.Config) string {
	var rules []string
	if cfg.UserHeader != "" {
		rules = append(rules, "header "+cfg.UserHeader)
	}
	if cfg.Token != "" {
		rules = append(rules, "token")
	}
	if len(rules) == 0 {
		return "none"
	}
	return strings.Join(rules, ", ")
}
