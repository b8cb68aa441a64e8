# The clausemark server (or CLI) in a small image: a static binary with the
# clause library and fonts embedded, running as a non-root user.
#   docker build -t clausemark .
#   docker run --rm -p 8080:8080 -e CLAUSEMARK_TOKEN="$(openssl rand -hex 16)" clausemark
# Serving beyond the container's loopback needs an access rule: the token,
# or serve --auth header:X-Forwarded-User behind a single sign-on proxy.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/clausemark ./cmd/clausemark

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/clausemark /usr/local/bin/clausemark
EXPOSE 8080
ENTRYPOINT ["clausemark"]
CMD ["serve", "--addr", ":8080"]
