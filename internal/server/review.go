package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/review"
	"github.com/clausemark/clausemark/internal/review/tracked"
)

// A returned Word file to review (POST /api/v1/review) is read whole, as
// review.Review weighs it: at most MaxReview bytes (and MaxUpload), held
// within the bodies' memory (BodyMemory), arriving at the pace of
// BodyIdle and BodyMinRate within UploadTimeout. Like an upload to
// verify, its first 64 KiB arrive before it takes an upload slot
// (MaxUploads); once read whole, it is weighed in a render slot
// (MaxRenders), as it makes documents again from the library.

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
		if s.cfg.Registry == nil {
			writeError(w, s.noRegistry())
			return
		}
		if e := reviewType(r); e != nil {
			writeError(w, e)
			return
		}
		rep, e := s.reviewUpload(w, r)
		if e != nil {
			writeError(w, e)
			return
		}
		if rep.Items == nil {
			rep.Items = []review.Item{}
		}
		writeJSON(w, http.StatusOK, reviewAnswer{Report: rep, AllAccepted: rep.AllAccepted()})
	})
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

// reviewUpload reads the returned file, within the upload bounds, and
// reviews it.
func (s *srv) reviewUpload(w http.ResponseWriter, r *http.Request) (*review.Report, *statusError) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.UploadTimeout + 30*time.Second))
	bound := min(s.cfg.MaxUpload, MaxReview)
	pb := s.paced(w, r.Body, s.cfg.UploadTimeout)
	body := http.MaxBytesReader(w, pb, bound+uploadSlack)
	head, held, err := s.readHead(body)
	defer func() { s.bodies.give(held) }()
	if errors.Is(err, errNoMemory) {
		return nil, busyMemory()
	}
	r.Body = &headBody{head: bytes.NewReader(head), rest: body, err: err}
	if err == nil || errors.Is(err, io.EOF) {
		release, e := s.take(r.Context(), s.uploads, fmt.Sprintf("busy: %d files are being read, the most at once; retry shortly", s.cfg.MaxUploads))
		if e != nil {
			return nil, e
		}
		defer release()
	} // else the read failed: what follows meets the error, and answers it, without a slot
	src, _, e := uploadSource(r)
	if e != nil {
		if len(e.errs) == 1 && e.errs[0].Path == "file" {
			e.errs[0].Message = "choose a returned Word file to review"
		}
		return nil, e
	}
	data, e := s.readReview(src, pb, r.ContentLength, bound, &held)
	if e != nil {
		return nil, e
	}
	release, e := s.take(r.Context(), s.slots, "busy: every render slot is taken; retry shortly")
	if e != nil {
		return nil, e
	}
	defer release()
	return s.review(r, data)
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

// registryError is a failure of the registry met while reviewing, apart
// from a document it has no record of.
type registryError struct{ err error }

func (e *registryError) Error() string { return e.err.Error() }
func (e *registryError) Unwrap() error { return e.err }

// reviewGetter is the registry as a review looks documents up in it,
// telling its failures apart from the review's.
type reviewGetter struct{ reg *registry.Registry }

func (g reviewGetter) Get(ctx context.Context, id string) (*registry.Document, error) {
	d, err := g.reg.Get(ctx, id)
	var nf *registry.NotFoundError
	if err != nil && !errors.As(err, &nf) && ctx.Err() == nil {
		return nil, &registryError{err}
	}
	return d, err
}

// review weighs data and answers why it cannot when it cannot.
func (s *srv) review(r *http.Request, data []byte) (*review.Report, *statusError) {
	rep, err := review.Review(r.Context(), s.cfg.Library, reviewGetter{s.cfg.Registry}, data)
	if err == nil {
		return rep, nil
	}
	var (
		re  *registryError
		ni  *review.NotIssuedError
		ch  *review.ChangedError
		bad *tracked.Error
	)
	switch {
	case errors.As(err, &re):
		return nil, s.registryFailure(r, "review", re.err)
	case r.Context().Err() != nil:
		return nil, &statusError{status: http.StatusServiceUnavailable, errs: []apiError{{Message: "the request was cancelled"}}}
	case errors.Is(err, tracked.ErrNotDOCX):
		return nil, &statusError{status: http.StatusUnsupportedMediaType, errs: []apiError{{Path: "file", Message: err.Error()}}}
	case errors.As(err, &bad):
		return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "file", Message: "the Word file cannot be read: " + err.Error()}}}
	case errors.As(err, &ni) && ni.ID == "":
		return nil, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "file", Message: err.Error()}}}
	case errors.As(err, &ni):
		return nil, &statusError{status: http.StatusUnprocessableEntity, errs: []apiError{{Path: "file", Message: err.Error()}}}
	case errors.As(err, &ch):
		return nil, &statusError{status: http.StatusConflict, errs: []apiError{{Message: err.Error()}}}
	}
	s.cfg.Logger.Error("review", "error", err)
	return nil, &statusError{status: http.StatusInternalServerError, errs: []apiError{{Message: "the file could not be reviewed: " + err.Error()}}}
}
