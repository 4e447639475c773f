module pgmicro.dev/go

go 1.22
