package server

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/clausemark/clausemark/internal/docid"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/registry"
)

// A file uploaded to verify (POST /api/v1/verify, POST /history/verify) is
// never held whole in memory: it streams through the digests and the id
// scan (registry.Digester, docid.Scanner) as it arrives. Of a PDF, the
// Digester keeps the bytes after each %%EOF, at most registry.MaxTail, to
// read a signed copy's incremental updates: a PDF upload holds that much
// of the bodies' memory (BodyMemory) while it is verified. A DOCX, whose identifier is read from
// its zip directory, at the end, goes through a temporary file in
// UploadDir instead, removed once verified. Uploads have their own size
// bound (MaxUpload, not MaxBody), deadline (UploadTimeout) and number at
// once (MaxUploads), apart from the render slots. An upload takes its
// slot once its first 64 KiB (or the whole of a smaller file) have
// arrived, held meanwhile within the bodies' memory (BodyMemory), and it
// must keep arriving at the pace of BodyIdle and BodyMinRate.

// uploadSlack is what a multipart form may add to the file it carries.
const uploadSlack = 1 << 20

// verified is an upload verified: the verdict, the file's name (from the
// form; "" for a body), and whether it is a PDF.
type verified struct {
	verdict *registry.Verdict
	name    string
	pdf     bool
}

// verifyUpload reads the file to verify, the body itself or the "file"
// field of a multipart form, and verifies it.
func (s *srv) verifyUpload(w http.ResponseWriter, r *http.Request) (*verified, *statusError) {
	// The upload has its own deadline, longer than the server's for
	// other bodies, and time to answer after it; and it must keep
	// arriving (see pacedBody).
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.UploadTimeout + 30*time.Second))
	pb := s.paced(w, r.Body, s.cfg.UploadTimeout)
	body := http.MaxBytesReader(w, pb, s.cfg.MaxUpload+uploadSlack)
	// Its first uploadHead bytes (all of a small file) arrive before it
	// takes an upload slot, so that a client that sends nothing, or a
	// byte now and then, holds none.
	head, held, err := s.readHead(body)
	defer s.bodies.give(held)
	if errors.Is(err, errNoMemory) {
		return nil, &statusError{status: http.StatusServiceUnavailable, retryAfter: 1, errs: []apiError{{Message: "busy: the request bodies being read take all the memory set aside for them; retry shortly"}}}
	}
	r.Body = &headBody{head: bytes.NewReader(head), rest: body, err: err}
	if err == nil || errors.Is(err, io.EOF) {
		t := time.NewTimer(s.cfg.Wait)
		defer t.Stop()
		select {
		case s.uploads <- struct{}{}:
			defer func() { <-s.uploads }()
		case <-t.C:
			return nil, &statusError{status: http.StatusServiceUnavailable, retryAfter: 1, errs: []apiError{{Message: fmt.Sprintf("busy: %d files are being verified, the most at once; retry shortly", s.cfg.MaxUploads)}}}
		case <-r.Context().Done():
			return nil, &statusError{status: http.StatusServiceUnavailable, errs: []apiError{{Message: "the request was cancelled"}}}
		}
	} // else the read failed: what follows meets the error, and answers it, without a slot
	src, name, e := uploadSource(r)
	if e != nil {
		return nil, e
	}
	digest, e := s.readUpload(src, pb)
	if digest != nil {
		defer s.bodies.give(digest.held)
	}
	if e != nil {
		return nil, e
	}
	v, err := s.cfg.Registry.VerifyFile(r.Context(), digest.digest, digest.ids, digest.more)
	if err != nil {
		return nil, s.registryFailure(r, "verify", err)
	}
	return &verified{verdict: v, name: name, pdf: digest.pdf}, nil
}

// uploadHead is how much of an upload arrives before it takes a slot.
const uploadHead = smallBody

// errNoMemory is an upload's head that the bodies' memory has no room for.
var errNoMemory = errors.New("no memory for the upload's first bytes")

// readHead reads up to uploadHead bytes of src, within the bodies'
// memory; it returns them, the memory they hold, and the error that
// ended the read (nil for a full head, io.EOF for a whole file,
// errNoMemory).
func (s *srv) readHead(src io.Reader) ([]byte, int64, error) {
	var chunk [bodyChunk]byte
	var head []byte
	var held int64
	for len(head) < uploadHead {
		n, err := src.Read(chunk[:min(bodyChunk, uploadHead-len(head))])
		if n > 0 {
			var ok bool
			if head, ok = s.hold(head, n, uploadHead, &held); !ok {
				return nil, held, errNoMemory
			}
			head = append(head, chunk[:n]...)
		}
		if err != nil {
			return head, held, err
		}
	}
	return head, held, nil
}

// headBody is an upload's body: its head, read before it took a slot,
// then the rest, unless the head's read ended in err.
type headBody struct {
	head *bytes.Reader
	rest io.ReadCloser
	err  error
}

func (b *headBody) Read(p []byte) (int, error) {
	if b.head.Len() > 0 {
		return b.head.Read(p)
	}
	if b.err != nil {
		return 0, b.err
	}
	return b.rest.Read(p)
}

func (b *headBody) Close() error { return b.rest.Close() }

// uploadSource returns the reader of the file uploaded: the body, or the
// "file" part of a multipart form, with its name.
func uploadSource(r *http.Request) (io.Reader, string, *statusError) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return r.Body, "", nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "malformed form: " + err.Error()}}}
	}
	for range 16 {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		if p.FormName() == "file" {
			return p, p.FileName(), nil
		}
	}
	return nil, "", &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "file", Message: "choose a file to verify"}}}
}

// uploadDigest is what verification needs of a file: its digest, and
// the ids it names (docid.FindAll); and the bytes of the bodies' memory
// it holds, to give back once verified.
type uploadDigest struct {
	digest *registry.Digest
	ids    []string
	more   bool
	held   int64
	pdf    bool // the file starts as a PDF does
}

// readUpload reads src to its end, at most MaxUpload bytes, into the
// digests and the id scan; pb, the body it comes from, says why it timed
// out if it does. The digest returned, even with an error, holds memory
// to give back.
func (s *srv) readUpload(src io.Reader, pb *pacedBody) (*uploadDigest, *statusError) {
	br := bufio.NewReaderSize(io.LimitReader(src, s.cfg.MaxUpload+1), 64<<10)
	head, _ := br.Peek(len("%PDF-")) // an error is met again below
	var h registry.Digester
	d := &uploadDigest{}
	if bytes.HasPrefix(head, []byte("%PDF-")) {
		// The updates a signed copy appends, which the Digester keeps.
		tail := min(int64(registry.MaxTail), s.cfg.MaxUpload)
		if !s.bodies.take(tail, true) {
			return d, &statusError{status: http.StatusServiceUnavailable, retryAfter: 1, errs: []apiError{{Message: "busy: the files being verified take all the memory set aside for them; retry shortly"}}}
		}
		d.held, d.pdf = tail, true
	}
	var n int64
	var err error
	if bytes.HasPrefix(head, []byte("PK")) {
		n, err = s.spoolZip(br, &h, d)
	} else {
		var sc docid.Scanner
		n, err = io.Copy(io.MultiWriter(&h, &sc), br)
		d.ids, d.more = sc.IDs()
	}
	var mbe *http.MaxBytesError
	var ne net.Error
	var tmp *uploadDirError
	switch {
	case errors.As(err, &mbe), n > s.cfg.MaxUpload:
		return d, &statusError{status: http.StatusRequestEntityTooLarge, errs: []apiError{{Message: fmt.Sprintf("the file is larger than %s", limitio.Size(s.cfg.MaxUpload))}}}
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return d, &statusError{status: http.StatusRequestTimeout, errs: []apiError{{Message: pb.timeout("the file")}}}
	case errors.As(err, &tmp):
		s.cfg.Logger.Error("verify: no room for an uploaded DOCX", "error", tmp.err)
		return d, &statusError{status: http.StatusServiceUnavailable, retryAfter: 5, errs: []apiError{{Message: "the server has no room to read this file now; retry shortly"}}}
	case err != nil:
		return d, &statusError{status: http.StatusBadRequest, errs: []apiError{{Message: "reading the file: " + err.Error()}}}
	case n == 0:
		return d, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "file", Message: "the file is empty"}}}
	}
	d.digest = h.Digest()
	return d, nil
}

// uploadDirError is a failure to keep an uploaded file in UploadDir: the
// server's problem, not the upload's.
type uploadDirError struct{ err error }

func (e *uploadDirError) Error() string { return e.err.Error() }
func (e *uploadDirError) Unwrap() error { return e.err }

// spoolZip copies a zip (a DOCX) from src into h and a temporary file,
// then reads the ids it names from the file; it returns the bytes read.
func (s *srv) spoolZip(src io.Reader, h io.Writer, d *uploadDigest) (int64, error) {
	f, err := os.CreateTemp(s.cfg.UploadDir, "clausemark-verify-*.zip")
	if err != nil {
		return 0, &uploadDirError{err}
	}
	defer f.Close()
	// Gone from the folder at once where the system allows it, so that
	// nothing is left behind whatever happens; otherwise once read.
	if os.Remove(f.Name()) != nil {
		defer os.Remove(f.Name())
	}
	n, err := io.Copy(io.MultiWriter(h, f), src)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) { // the file's write, not the upload's read
			return n, &uploadDirError{err}
		}
		return n, err
	}
	if n > s.cfg.MaxUpload {
		return n, nil
	}
	d.ids, d.more, err = docid.FindAllAt(f, n)
	if err != nil {
		return n, &uploadDirError{err}
	}
	return n, nil
}
