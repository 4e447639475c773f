/*
** binary.c — result values in PostgreSQL's binary format, as DataRow
** fields.  The bytes are the engine's (pgm_value_binary: each type's send
** function, src/adt/binary.c); here they get their length word.
*/
#include "binary.h"

int binary_format_supported(uint32_t type_oid) { return pgm_type_has_binary(type_oid); }

int binary_send_value(Conn *c, const pgm_value *v) {
  size_t len = 0;
  const void *p = pgm_value_binary(v, &len);
  if (!p || len > INT32_MAX) return -1;
  out_int32(c, (int32_t)len);
  out_bytes(c, p, len);
  return 0;
}
