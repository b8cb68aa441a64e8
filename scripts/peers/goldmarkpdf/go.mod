module github.com/clausemark/clausemark/scripts/peers/goldmarkpdf

go 1.26

require (
	github.com/go-fonts/dejavu v0.3.2
	github.com/stephenafamo/goldmark-pdf v0.4.1
	github.com/yuin/goldmark v1.7.13
)

require (
	github.com/alecthomas/chroma/v2 v2.10.0 // indirect
	github.com/dlclark/regexp2 v1.10.0 // indirect
	github.com/go-swiss/fonts v0.0.0-20221219152310-0b267088f53d // indirect
	github.com/jellydator/ttlcache/v3 v3.1.0 // indirect
	github.com/phpdave11/gofpdf v1.4.2 // indirect
	golang.org/x/sync v0.1.0 // indirect
)
