package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/clausemark/clausemark/internal/diag"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/clausemark/clausemark/internal/check"
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
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web form and the JSON API",
		Long: `Serve starts an HTTP server with the web form for sales ops (live preview, PDF
and Markdown downloads), the history of the documents issued at /history
(search, download again, verify a file), and the JSON API documented at
/api/openapi.json. Every download is recorded in the registry (see
'clausemark registry'; --no-record for none). It
uses the embedded library, or --library DIR, and stops gracefully on SIGINT or
SIGTERM. With --token (or ` + tokenEnv + `), every route but /healthz and /readyz
needs "Authorization: Bearer TOKEN"; a browser can open /?token=TOKEN once.

Requests must name the server in their Host header as localhost, an IP
address, the --addr host, or a name given with --allowed-hosts (the names
clients use: a Service's, a load balancer's), so that a web page whose name
is made to lead to this server (DNS rebinding) cannot read it; other names
get 421. /healthz and /readyz answer any name.`,
		Example: `  clausemark serve
  clausemark serve --addr :8080 --token "$(openssl rand -hex 16)"`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			lib, err := e.load()
			if err != nil {
				return err
			}
			checker := check.NewChecker(lib)
			if _, err := pdf.LoadFonts(); err != nil {
				return err
			}
			if token == "" {
				token = e.getenv(tokenEnv)
			}
			log := slog.New(slog.NewJSONHandler(e.stderr, nil))
			cfg := server.NewConfig()
			cfg.Library, cfg.Logger, cfg.Token = lib, log, token
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
			log.Info("listening", "addr", "http://"+ln.Addr().String(), "library", lib.Name, "version", lib.Version, "auth", token != "",
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
