CREATE TABLE sh_acc (id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2) DEFAULT 0 CHECK (balance >= 0), created timestamptz DEFAULT now());
CREATE INDEX sh_acc_owner_idx ON sh_acc (owner);
CREATE TABLE sh_xfer (id bigserial PRIMARY KEY, src int REFERENCES sh_acc (id), dst int REFERENCES sh_acc (id) ON DELETE CASCADE, amount numeric(12,2), UNIQUE (src, dst));
CREATE VIEW sh_rich AS SELECT id, owner FROM sh_acc WHERE balance > 1000;
CREATE SEQUENCE sh_seq;
CREATE TABLE "Sh_Mixed" ("Col" varchar(10), b bool);
\d sh_acc
\d+ sh_acc
\d sh_xfer
\d sh_rich
\d+ sh_rich
\d sh_acc_pkey
\d+ sh_acc_owner_idx
\d sh_xfer_src_dst_key
\d "Sh_Mixed"
\d public.sh_r*
\d sh_nosuch
\dt
\d
\di
\dv
\ds
\dE
\dm
\dt sh_a*
\dtv public.sh_*
\dt "Sh_*"
\dt sh_mixed
\dt sh_acc sh_xfer
\sv sh_rich
\sv+ sh_rich
\sv sh_acc
\dt a.b.c.d
\dt nosuchdb.public.sh_acc
\dfz
\dn
\dn pub*
\du postgres
\df
\dfa sh*
\dT
\x
\dt sh_acc
\d sh_rich
\x
DROP VIEW sh_rich;
DROP TABLE sh_xfer;
DROP TABLE sh_acc;
DROP TABLE "Sh_Mixed";
DROP SEQUENCE sh_seq;
