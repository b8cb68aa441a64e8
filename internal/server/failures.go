package server

import (
	"container/list"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Wrong tokens are limited, by client address and by the user the token
// would sign in as: an address may fail freeFailures times, the user
// (whom every address shares, so that shutting it out shuts out everyone)
// freeUserFailures times, then each
// further failure shuts it out for a back-off that doubles from
// firstBackoff up to maxBackoff. While shut out, a request that presents
// a token is answered 429 with Retry-After, the token unread, so that no
// guess is tried. A success consumes nothing, and a key that has not
// failed for forgetAfter is forgotten. At most maxTracked keys are held:
// the least recently failed is forgotten first, so memory is bounded
// whatever the addresses. golang.org/x/time/rate's token bucket refills
// at a steady rate; the back-off here doubles, so it is written out.
const (
	freeFailures     = 5
	freeUserFailures = 25
	firstBackoff     = time.Second
	maxBackoff       = 5 * time.Minute
	forgetAfter      = time.Hour
	maxTracked       = 10000
)

// badTokens counts the wrong tokens of each key.
type badTokens struct {
	now func() time.Time

	mu   sync.Mutex
	keys map[string]*list.Element // of *failure
	lru  list.List                // most recently failed first
}

type failure struct {
	key   string
	count int       // failures since the key was last forgotten
	last  time.Time // of the last failure
	until time.Time // shut out until then
}

func newBadTokens(now func() time.Time) *badTokens {
	return &badTokens{now: now, keys: map[string]*list.Element{}}
}

// wait says how long the first of keys is still shut out; 0 when none is.
func (f *badTokens) wait(keys ...string) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	var longest time.Duration
	for _, k := range keys {
		if e, ok := f.keys[k]; ok {
			longest = max(longest, e.Value.(*failure).until.Sub(now))
		}
	}
	return longest
}

// fail counts a wrong token against each of keys.
func (f *badTokens) fail(keys ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	for _, k := range keys {
		e, ok := f.keys[k]
		if ok && now.Sub(e.Value.(*failure).last) >= forgetAfter && !now.Before(e.Value.(*failure).until) {
			f.forget(e)
			ok = false
		}
		if !ok {
			for f.lru.Len() >= maxTracked {
				f.forget(f.lru.Back())
			}
			e = f.lru.PushFront(&failure{key: k})
			f.keys[k] = e
		}
		fl := e.Value.(*failure)
		fl.count++
		fl.last = now
		free := freeFailures
		if strings.HasPrefix(k, userPrefix) {
			free = freeUserFailures
		}
		if over := fl.count - free; over > 0 {
			fl.until = now.Add(backoff(over))
		}
		f.lru.MoveToFront(e)
	}
}

func (f *badTokens) forget(e *list.Element) {
	delete(f.keys, e.Value.(*failure).key)
	f.lru.Remove(e)
}

// tracked is how many keys are held.
func (f *badTokens) tracked() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lru.Len()
}

// backoff is the time shut out after the n-th failure past the free
// ones: firstBackoff doubled n-1 times, at most maxBackoff.
func backoff(n int) time.Duration {
	d := float64(firstBackoff) * math.Pow(2, float64(n-1))
	if d >= float64(maxBackoff) {
		return maxBackoff
	}
	return time.Duration(d)
}

// clientKey and userKey name the keys a request's failures count against:
// its client address (the connection's: a header naming another is not
// believed) and the user a right token would sign in as.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "addr " + host
}

const userPrefix = "user "

func userFailKey(name string) string { return userPrefix + name }

// tooMany answers a request whose keys are shut out: 429 with Retry-After
// in whole seconds, rounded up; the login page for a browser's login.
func (s *srv) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration, login *loginPage) {
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	msg := fmt.Sprintf("too many wrong tokens from this address or for this user: try again in %d seconds", secs)
	if login != nil {
		login.Error = fmt.Sprintf("Too many wrong tokens. Try again in %d seconds.", secs)
		s.writeLogin(w, http.StatusTooManyRequests, *login)
		return
	}
	writeJSON(w, http.StatusTooManyRequests, apiErrors{Errors: []apiError{{Message: msg}}})
}
