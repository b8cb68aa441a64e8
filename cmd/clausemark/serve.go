package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/clausemark/clausemark/internal/diag"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/clausemark/clausemark/internal/check"
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
	var maxBody int64
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web form and the JSON API",
		Long: `Serve starts an HTTP server with the web form for sales ops (live preview, PDF
and Markdown downloads), the history of the documents issued at /history
(search, download again, verify a file), and the JSON API documented at
/api/openapi.json. Every download is recorded in the registry (see
'clausemark registry'; --no-record for none). It
uses the embedded library, or --library DIR, and stops gracefully on SIGINT or
SIGTERM. With --token (or ` + tokenEnv + `), every route but /healthz needs
"Authorization: Bearer TOKEN"; a browser can open /?token=TOKEN once.`,
		Example: `  clausemark serve
  clausemark serve --addr :8080 --token "$(openssl rand -hex 16)"`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			lib, err := e.load()
			if err != nil {
				return err
			}
			checker := check.NewChecker(lib)
			fonts, err := pdf.LoadFonts()
			if err != nil {
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
			cfg.Generator = withRecorder(e.generator(pdf.A4, pdfa, fonts), reg)
			cfg.Registry = reg
			if renders > 0 {
				cfg.MaxRenders = renders
			}
			if maxBody > 0 {
				cfg.MaxBody = maxBody
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return diag.Wrap("serve", err)
			}
			srv := &http.Server{
				Handler:           server.New(cfg),
				ReadHeaderTimeout: 5 * time.Second,
				ReadTimeout:       15 * time.Second,
				WriteTimeout:      60 * time.Second,
				IdleTimeout:       120 * time.Second,
			}
			log.Info("listening", "addr", "http://"+ln.Addr().String(), "library", lib.Name, "version", lib.Version, "auth", token != "")
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
	return c
}
