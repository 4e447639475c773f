/*
** main.c — the pgmicro-server program:
**   pgmicro-server [OPTIONS] FILE|:memory: HOST:PORT
** Serves the database over the PostgreSQL wire protocol until killed; the
** options (authentication, TLS, connection limit) are parsed in options.c,
** which `pgmicro --server` shares.
*/
#include "server.h"

int main(int argc, char **argv) { return pgm_server_main(argc, argv); }
