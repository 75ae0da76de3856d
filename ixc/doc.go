// Package ixc is a client for the IXC Provedor "webservice" REST API
// (https://HOST/webservice/v1/TABLE). It knows nothing of LevEduca.
//
// Wire protocol choices (facts from IXC's public API documentation and its Postman
// collection "API - IXC Provedor", whose saved responses are in testdata/):
//
//   - Authentication is HTTP Basic with "<user id>:<64-hex token>". The token
//     is held by [Token], which never prints its secret part; every error
//     string produced here is passed through [Token.Redact].
//   - Lists are sent the official way: GET with a JSON body and the header
//     "ixcsoft: listar". Without that header a stripped request yields 404
//     rather than an accidental insert (a POST without it inserts). All body
//     values are strings; extra filters travel in grid_param, a JSON string.
//   - Inserts are POST /TABLE, updates PUT /TABLE/ID with the FULL record
//     (IXC rejects or drops partial bodies), deletes DELETE /TABLE/ID with no
//     body. Writes are never retried automatically; reads are retried on
//     transport errors and 5xx with exponential backoff and jitter.
//   - Responses are decoded tolerantly: Content-Type text/x-json (or
//     anything), total/page/id as strings or numbers, registros absent when
//     empty, the flexigrid {"rows":[{"id","cell":[…]}]} envelope, non-string
//     values, a UTF-8 BOM, Latin-1 bodies (decoded as Windows-1252, which is
//     MySQL's "latin1"). An answer is read up to [MaxAnswer] (64 MiB) and no
//     further, never retried when larger. IXC reports most failures with
//     HTTP 200 and {"type":"error","message":…} or a red HTML <div>; each is
//     classified into a [Kind] so callers can react without parsing text.
//   - [Client.Each] pages through a table with bounded concurrency and
//     delivers rows in order from one goroutine; a page that times out (504
//     or client timeout) is re-fetched as two half-size pages. A listing
//     ends at its first short or empty page, whatever "total" says.
//   - Every wait ends (docs/architecture.md, "Timeouts"): connecting
//     (ConnectTimeout), the answer's start (Timeout), a stalled body
//     (StallTimeout), and the connection test as a whole ([Client.Probe],
//     ProbeBudget, retries included). Plain http goes only to loopback
//     unless [Options].AllowHTTP; Options.DialContext lets tests map a LAN
//     name onto a loopback listener.
//   - [Reader] is a struct (not an interface) exposing only read methods, so
//     read-only code paths cannot reach the writers.
package ixc
