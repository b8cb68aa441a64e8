// Package server is Clausemark's HTTP server: a web form for sales ops
// that previews the agreement as it is typed and downloads it as PDF or
// Markdown, and a JSON API for other systems, both on the same validator
// as the command line.
//
// Call [New] with a [Config]; it returns an http.Handler with every route
// (see routes.go). The server keeps no state between requests, so any
// number of copies can run behind a load balancer.
package server

import (
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/clausemark/clausemark/internal/catalog"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/vars"
)

// Config holds the server's dependencies and limits.
type Config struct {
	Library    *library.Library
	Logger     *slog.Logger
	Generator  *generate.Generator // renders every download; nil renders with default options
	Formats    *format.Registry    // the formats offered; nil offers catalog.Formats()
	Token      string              // bearer token required on every route but /healthz and /readyz; empty for none
	MaxBody    int64               // largest request body in bytes; default 1 MiB
	MaxRenders int                 // renders at once; default twice the CPUs
	Wait       time.Duration       // how long a request waits for a render slot before 503; default 2 s

	// BodyTimeout is how long a request body may take to arrive, from the
	// start of its read, before 408; default 10 s. Bodies are read before
	// a request waits for a render slot, so a slow one holds none.
	BodyTimeout time.Duration
	// BodyIdle is how long a request body (a render's or an upload's) may
	// send nothing, from its start or its last bytes, before 408; and
	// the time after which it must average BodyMinRate. Default 5 s.
	BodyIdle time.Duration
	// BodyMinRate is the bytes a second a request body must average
	// after its first BodyIdle, else 408; default 4 KiB.
	BodyMinRate int64
	// BodyMemory bounds the bytes of the request bodies read and not yet
	// answered, all requests together, counted as they arrive; past it a
	// request gets 503. A body past 64 KiB may not take its last eighth,
	// kept for forms and JSON requests. Default 64 MiB, and never less
	// than MaxBody and 64 KiB.
	BodyMemory int64

	// MaxUpload bounds a file uploaded to verify; default 64 MiB, the
	// largest document Clausemark verifies. Uploads stream through the
	// SHA-256 and the id scan, so their size costs no memory.
	MaxUpload int64
	// MaxUploads is how many uploads are verified at once; others wait
	// up to Wait, then get 503. Default 4.
	MaxUploads int
	// UploadTimeout is how long an upload may take to arrive, then 408;
	// default 60 s.
	UploadTimeout time.Duration
	// UploadDir holds an uploaded DOCX while it is verified (its id is
	// in its zip directory, at the end); default os.TempDir().
	UploadDir string

	// TokenName is the user a request with the Token is issued by;
	// default "token". See access.go for the access rules.
	TokenName string
	// UserHeader names the header that names the user, set by a single
	// sign-on proxy in front of the server (oauth2-proxy's
	// X-Forwarded-User): with it, a request that names no user gets 401,
	// unless it carries the Token. The proxy must be the only way to the
	// server, and must set or remove the header on every request.
	UserHeader string
	// GroupsHeader names the header that lists the user's groups, comma
	// separated (oauth2-proxy's X-Forwarded-Groups), for Admins' groups.
	GroupsHeader string
	// Admins hold the house role, which house-style mode needs: user
	// names, and "group:NAME" for the members of a group (GroupsHeader).
	// A server without Token or UserHeader gives it to everyone.
	Admins []string

	// AllowedHosts are the host names, besides localhost and IP
	// addresses, that a request's Host header may name (serve puts the
	// --addr host and --allowed-hosts here); "*" allows any. Other names
	// are refused with 421 on every route but the probes, against DNS
	// rebinding.
	AllowedHosts []string

	// Checker answers POST /api/v1/check, with the library's checklists
	// and names (check.NewChecker); without one only the defined terms
	// are checked.
	Checker *check.Checker

	// Registry, when set, serves the history: the page at /history and
	// /api/v1/documents and /api/v1/verify. The Generator's Recorder is
	// what records into it.
	Registry *registry.Registry

	// Now is the clock: a document issued without a date of its own (the
	// form's date box as drawn, an API request that gives none) is dated
	// with the day it reads, in the server's time zone, unless the form
	// sends the browser's (_today). nil is time.Now.
	Now func() time.Time
}

// NewConfig returns the default limits.
func NewConfig() Config {
	return Config{MaxBody: 1 << 20, MaxRenders: 2 * runtime.NumCPU(), Wait: 2 * time.Second,
		BodyTimeout: 10 * time.Second, BodyIdle: 5 * time.Second, BodyMinRate: 4 << 10, BodyMemory: 64 << 20,
		MaxUpload: limitio.Document, MaxUploads: 4, UploadTimeout: time.Minute}
}

// New returns the server's handler.
func New(cfg Config) http.Handler {
	return newSrv(cfg).handler()
}

// handler returns the handler of every route, with the middleware.
func (s *srv) handler() http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, s)
	var h http.Handler = mux
	h = s.auth(h)
	h = s.hosts(h)
	h = s.secure(h)
	h = s.logRequests(h)
	return h
}

// orDefault sets *v to def when it is zero or negative: a limit not set.
func orDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// newSrv fills in cfg's defaults and returns the handlers' state.
func newSrv(cfg Config) *srv {
	def := NewConfig()
	orDefault(&cfg.MaxBody, def.MaxBody)
	orDefault(&cfg.MaxRenders, def.MaxRenders)
	orDefault(&cfg.Wait, def.Wait)
	orDefault(&cfg.BodyTimeout, def.BodyTimeout)
	orDefault(&cfg.BodyIdle, def.BodyIdle)
	orDefault(&cfg.BodyMinRate, def.BodyMinRate)
	orDefault(&cfg.BodyMemory, def.BodyMemory)
	cfg.BodyMemory = max(cfg.BodyMemory, cfg.MaxBody+smallBody)
	orDefault(&cfg.MaxUpload, def.MaxUpload)
	orDefault(&cfg.MaxUploads, def.MaxUploads)
	orDefault(&cfg.UploadTimeout, def.UploadTimeout)
	if cfg.Generator == nil {
		cfg.Generator = &generate.Generator{}
	}
	if cfg.Formats == nil {
		cfg.Formats = catalog.Formats()
	}
	if cfg.Checker == nil {
		cfg.Checker = &check.Checker{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &srv{cfg: cfg, slots: make(chan struct{}, cfg.MaxRenders), pages: mustParsePages(), bodies: newBudget(cfg.BodyMemory, cfg.MaxBody),
		uploads: make(chan struct{}, cfg.MaxUploads), fails: newBadTokens(time.Now)}
	s.ready = &readiness{ttl: 2 * time.Second, timeout: 2 * time.Second}
	if cfg.Registry != nil {
		s.ready.check = cfg.Registry
	}
	if cfg.Generator.Recorder != nil {
		// The server tells a document it could not record from one it
		// could not make, and checks its readiness again; each is
		// recorded as issued by the request's user.
		g := *cfg.Generator
		g.Recorder = recorder{next: issuer{g.Recorder}, ready: s.ready}
		s.cfg.Generator = &g
	}
	s.openapi, s.openapiErr = openAPI(cfg.Formats)
	return s
}

// srv carries the dependencies of the handlers; it holds no per-request state.
type srv struct {
	cfg     Config
	slots   chan struct{} // render slots
	bodies  *budget       // the memory of the request bodies held
	uploads chan struct{} // slots for verifying uploads
	ready   *readiness    // whether documents can be recorded
	fails   *badTokens    // wrong tokens, by client address and user (see failures.go)
	pages   *pages
	forms   sync.Map // formMode -> *formCache: the form as GET / draws it

	openapi    []byte // the OpenAPI description with cfg.Formats
	openapiErr error
}

// today is the date of issue of a document issued now: the day the
// browser sent as the form's _today control (its own time zone's), else
// the day the server's clock reads in its time zone.
func (s *srv) today(r *http.Request) vars.Date {
	if r != nil {
		if d, err := vars.ParseDate(r.Form.Get("_today")); err == nil {
			return d
		}
	}
	now := time.Now
	if s.cfg.Now != nil {
		now = s.cfg.Now
	}
	return vars.DayOf(now())
}
