// The HTTP/1.1 server (placeholder while the module is written).
