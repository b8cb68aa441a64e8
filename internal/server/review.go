package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/review"
	"github.com/clausemark/clausemark/internal/review/tracked"
)

// A returned Word file to review (POST /api/v1/review) or to reply to
// (POST /api/v1/review/reply) is read whole, as review.Review and
// review.Reply weigh it: at most MaxReview bytes (and MaxUpload), held
// within the bodies' memory (BodyMemory), arriving at the pace of
// BodyIdle and BodyMinRate within UploadTimeout. Like an upload to
// verify, its first 64 KiB arrive before it takes an upload slot
// (MaxUploads); once read whole, it is weighed in a render slot
// (MaxRenders), as it makes documents again from the library (see
// weighUpload).

// MaxReview bounds a returned Word file to review: a contract's DOCX,
// even with pictures added, is far smaller.
const MaxReview = 16 << 20

// docxType is the media type of a Word file.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// reviewAnswer is the answer to a review: the report, and whether the
// house's playbook accepts every change in it.
type reviewAnswer struct {
	*review.Report
	AllAccepted bool `json:"all_accepted"`
}

// handleReview weighs the tracked changes of a returned Word file
// against the playbook, as clausemark review does.
func (s *srv) handleReview() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rep *review.Report
		if !s.answerUpload(w, r, func(data []byte) (e *statusError) {
			rep, e = s.review(r, data)
			return e
		}) {
			return
		}
		if rep.Items == nil {
			rep.Items = []review.Item{}
		}
		writeJSON(w, http.StatusOK, reviewAnswer{Report: rep, AllAccepted: rep.AllAccepted()})
	})
}

// answerUpload runs answer on a returned Word file uploaded to one of the
// review routes, once the server has a registry and the upload is a Word
// file; it reports false when it has answered with an error instead.
func (s *srv) answerUpload(w http.ResponseWriter, r *http.Request, answer func([]byte) *statusError) bool {
	if s.cfg.Registry == nil {
		writeError(w, s.noRegistry())
		return false
	}
	if e := reviewType(r); e != nil {
		writeError(w, e)
		return false
	}
	if e := s.weighUpload(w, r, fileSource, answer); e != nil {
		writeError(w, e)
		return false
	}
	return true
}

// handleReply answers a returned Word file with the house's reply, as
// clausemark review --reply does: a counter-draft, recorded as a new
// document derived from the one issued, sent as a Word file with its id
// in its name; 201, with the new record's address in Location.
func (s *srv) handleReply() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var res *review.ReplyResult
		if !s.answerUpload(w, r, func(data []byte) (e *statusError) {
			res, e = s.reply(r, data)
			return e
		}) {
			return
		}
		w.Header().Set("Location", "/api/v1/documents/"+res.ID)
		writeReply(w, http.StatusCreated, res)
	})
}

// writeReply sends a reply as a download named after the customer and
// the reply's id: globex-gmbh-dpa-reply-CM-XXXX-XXXX-XXXX-XXXX.docx.
func writeReply(w http.ResponseWriter, status int, res *review.ReplyResult) {
	w.Header().Set("Content-Type", docxType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", replyName(res)))
	w.Header().Set("Cache-Control", "no-store") // a customer's agreement stays out of caches
	w.WriteHeader(status)
	_, _ = w.Write(res.Data)
}

// replyName is the file name of a reply.
func replyName(res *review.ReplyResult) string {
	return fileName(res.Report.Customer) + "-reply-" + res.ID + ".docx"
}

// reviewType refuses, with 415, a request that is not a Word file or a
// multipart form.
func reviewType(r *http.Request) *statusError {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == docxType || mt == "multipart/form-data" {
		return nil
	}
	got := mt
	if got == "" {
		got = "none"
	}
	return &statusError{status: http.StatusUnsupportedMediaType, errs: []apiError{{Message: fmt.Sprintf("the request's Content-Type is %s; send the returned Word file as %s, or as the field \"file\" of a multipart/form-data form", got, docxType)}}}
}

// source is where a request carries the returned file.
type source struct {
	// find returns the reader of the file's bytes in r's body.
	find func(r *http.Request) (io.Reader, *statusError)
	// base64 says the file may be written in base64 in the body, a
	// third longer than itself.
	base64 bool
}

// fileSource is the file sent as the body itself, or as the field "file"
// of a multipart form.
var fileSource = source{find: func(r *http.Request) (io.Reader, *statusError) {
	src, _, e := uploadSource(r)
	if e != nil && len(e.errs) == 1 && e.errs[0].Path == "file" {
		e.errs[0].Message = "choose a returned Word file to review"
	}
	return src, e
}}

// weighUpload reads the returned file of r, within the upload bounds,
// from where src finds it, and weighs it with weigh in a render slot.
func (s *srv) weighUpload(w http.ResponseWriter, r *http.Request, src source, weigh func(data []byte) *statusError) *statusError {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.UploadTimeout + 30*time.Second))
	bound := min(s.cfg.MaxUpload, MaxReview)
	pb := s.paced(w, r.Body, s.cfg.UploadTimeout)
	most := bound + uploadSlack
	if src.base64 {
		most = int64(base64.StdEncoding.EncodedLen(int(bound))) + uploadSlack
	}
	body := http.MaxBytesReader(w, pb, most)
	head, held, err := s.readHead(body)
	defer func() { s.bodies.give(held) }()
	if errors.Is(err, errNoMemory) {
		return busyMemory()
	}
	r.Body = &headBody{head: bytes.NewReader(head), rest: body, err: err}
	if err == nil || errors.Is(err, io.EOF) {
		release, e := s.take(r.Context(), s.uploads, fmt.Sprintf("busy: %d files are being read, the most at once; retry shortly", s.cfg.MaxUploads))
		if e != nil {
			return e
		}
		defer release()
	} // else the read failed: what follows meets the error, and answers it, without a slot
	file, e := src.find(r)
	if e != nil {
		return e
	}
	data, e := s.readReview(file, pb, r.ContentLength, bound, &held)
	if e != nil {
		return e
	}
	release, e := s.take(r.Context(), s.slots, "busy: every render slot is taken; retry shortly")
	if e != nil {
		return e
	}
	defer release()
	return weigh(data)
}

// busyMemory is the answer when the bodies' memory is all taken.
func busyMemory() *statusError {
	return &statusError{status: http.StatusServiceUnavailable, retryAfter: 1, errs: []apiError{{Message: "busy: the request bodies being read take all the memory set aside for them; retry shortly"}}}
}

// take takes a slot of slots, waiting up to Wait; it returns the function
// that gives it back.
func (s *srv) take(ctx context.Context, slots chan struct{}, busy string) (func(), *statusError) {
	t := time.NewTimer(s.cfg.Wait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-t.C:
		return nil, &statusError{status: http.StatusServiceUnavailable, retryAfter: 1, errs: []apiError{{Message: busy}}}
	case <-ctx.Done():
		return nil, &statusError{status: http.StatusServiceUnavailable, errs: []apiError{{Message: "the request was cancelled"}}}
	}
}

// readReview reads src whole, at most bound bytes, within the bodies'
// memory, adding what it takes to held; length is the request's
// Content-Length, -1 if unknown.
func (s *srv) readReview(src io.Reader, pb *pacedBody, length, bound int64, held *int64) ([]byte, *statusError) {
	most := bound + 1
	if length >= 0 && length < most {
		most = length
	}
	lr := io.LimitReader(src, bound+1)
	var chunk [bodyChunk]byte
	var data []byte
	var err error
	for err == nil {
		var n int
		n, err = lr.Read(chunk[:])
		if n == 0 {
			continue
		}
		var ok bool
		if data, ok = s.hold(data, n, most, held); !ok {
			return nil, busyMemory()
		}
		data = append(data, chunk[:n]...)
	}
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mbe), int64(len(data)) > bound:
		return nil, &statusError{status: http.StatusRequestEntityTooLarge, errs: []apiError{{Message: fmt.Sprintf("the file is larger than %s", limitio.Size(bound))}}}
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return nil, &statusError{status: http.StatusRequestTimeout, errs: []apiError{{Message: pb.timeout("the file")}}}
	case !errors.Is(err, io.EOF):
		return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "reading the file: " + err.Error()}}}
	case len(data) == 0:
		return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "file", Message: "the file is empty"}}}
	}
	return data, nil
}

// registryError is a failure of the registry met while reviewing or
// recording a reply, apart from a document it has no record of.
type registryError struct {
	err   error
	write bool // met recording
}

func (e *registryError) Error() string { return e.err.Error() }
func (e *registryError) Unwrap() error { return e.err }

// reviewGetter is the registry as a review looks documents up in it,
// telling its failures apart from the review's.
type reviewGetter struct{ reg *registry.Registry }

func (g reviewGetter) Get(ctx context.Context, id string) (*registry.Document, error) {
	d, err := g.reg.Get(ctx, id)
	var nf *registry.NotFoundError
	if err != nil && !errors.As(err, &nf) && ctx.Err() == nil {
		return nil, &registryError{err: err}
	}
	return d, err
}

// review weighs data and answers why it cannot when it cannot.
func (s *srv) review(r *http.Request, data []byte) (*review.Report, *statusError) {
	rep, err := review.Review(r.Context(), s.cfg.Library, reviewGetter{s.cfg.Registry}, data)
	if err != nil {
		return nil, s.reviewFailure(r, "review", err)
	}
	return rep, nil
}

// replyRecorder is the registry as a reply records itself in it, naming
// the request's user as an issuance does, and telling its failures apart
// from the reply's.
type replyRecorder struct {
	reviewGetter
	user string
}

func (g replyRecorder) RecordDerived(ctx context.Context, res *generate.Result, from string) error {
	if res.Origin.User == "" {
		res.Origin.User = g.user
	}
	err := g.reg.RecordDerived(ctx, res, from)
	var nf *registry.NotFoundError
	if err != nil && !errors.As(err, &nf) && ctx.Err() == nil {
		return &registryError{err: err, write: true}
	}
	return err
}

// reply makes the house's reply to data, recorded as derived from the
// document data was issued as, and answers why it cannot when it cannot.
func (s *srv) reply(r *http.Request, data []byte) (*review.ReplyResult, *statusError) {
	u := s.userOf(r.Context())
	g := s.cfg.Generator
	o := review.ReplyOptions{Options: g.Options, Program: g.Program, Origin: generate.Origin{Source: "serve", User: u.Name}}
	res, err := review.Reply(r.Context(), s.cfg.Library, replyRecorder{reviewGetter{s.cfg.Registry}, u.Name}, data, o)
	if err != nil {
		return nil, s.reviewFailure(r, "reply", err)
	}
	return res, nil
}

// reviewFailure is the answer to a review or a reply (op) that failed
// with err.
func (s *srv) reviewFailure(r *http.Request, op string, err error) *statusError {
	var (
		re  *registryError
		ni  *review.NotIssuedError
		ch  *review.ChangedError
		bad *tracked.Error
	)
	switch {
	case errors.As(err, &re) && re.write:
		return s.registryFailure(r, "record", re.err)
	case errors.As(err, &re):
		return s.registryFailure(r, op, re.err)
	case r.Context().Err() != nil:
		return &statusError{status: http.StatusServiceUnavailable, errs: []apiError{{Message: "the request was cancelled"}}}
	case errors.Is(err, tracked.ErrNotDOCX):
		return &statusError{status: http.StatusUnsupportedMediaType, errs: []apiError{{Path: "file", Message: err.Error()}}}
	case errors.As(err, &bad):
		return &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "file", Message: "the Word file cannot be read: " + err.Error()}}}
	case errors.As(err, &ni) && ni.ID == "":
		return &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "file", Message: err.Error()}}}
	case errors.As(err, &ni):
		return &statusError{status: http.StatusUnprocessableEntity, errs: []apiError{{Path: "file", Message: err.Error()}}}
	case errors.As(err, &ch):
		return &statusError{status: http.StatusConflict, errs: []apiError{{Message: err.Error()}}}
	}
	s.cfg.Logger.Error(op, "error", err)
	what := "reviewed"
	if op == "reply" {
		what = "answered with a reply"
	}
	return &statusError{status: http.StatusInternalServerError, errs: []apiError{{Message: "the file could not be " + what + ": " + err.Error()}}}
}
