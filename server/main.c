/*
** main.c — the pgmicro-server command line:
**   pgmicro-server [--max-connections N] FILE|:memory: HOST:PORT
** Serves the database over the PostgreSQL wire protocol until killed.
*/
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void) {
  fprintf(stderr, "usage: pgmicro-server [--max-connections N] FILE|:memory: HOST:PORT\n");
  return 2;
}

int main(int argc, char **argv) {
  int max = 100, i = 1;
  if (argc > 2 && strcmp(argv[1], "--max-connections") == 0) {
    max = atoi(argv[2]);
    i = 3;
  }
  if (argc - i != 2 || max <= 0) return usage();
  return pgm_server_run(argv[i], argv[i + 1], max);
}
