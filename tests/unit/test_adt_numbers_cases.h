/* Generated: each expected value is what PostgreSQL 15 printed for the
** equivalent SQL shown in the comment (NULL prints as NULL). */
/* ' 12 '::int4 */
{"pgm_out(pgm_in(' 12 ', 23, -1), 23, -1)",
 "12"},
/* '-2147483648'::int4 */
{"pgm_out(pgm_in('-2147483648', 23, -1), 23, -1)",
 "-2147483648"},
/* '2147483647'::int4 */
{"pgm_out(pgm_in('2147483647', 23, -1), 23, -1)",
 "2147483647"},
/* '2147483648'::int4 */
{"pgm_out(pgm_in('2147483648', 23, -1), 23, -1)",
 "ERROR 22003: value \"2147483648\" is out of range for type integer"},
/* 'abc'::int4 */
{"pgm_out(pgm_in('abc', 23, -1), 23, -1)",
 "ERROR 22P02: invalid input syntax for type integer: \"abc\""},
/* ''::int4 */
{"pgm_out(pgm_in('', 23, -1), 23, -1)",
 "ERROR 22P02: invalid input syntax for type integer: \"\""},
/* '+5'::int4 */
{"pgm_out(pgm_in('+5', 23, -1), 23, -1)",
 "5"},
/* '- 5'::int4 */
{"pgm_out(pgm_in('- 5', 23, -1), 23, -1)",
 "ERROR 22P02: invalid input syntax for type integer: \"- 5\""},
/* '1.5'::int4 */
{"pgm_out(pgm_in('1.5', 23, -1), 23, -1)",
 "ERROR 22P02: invalid input syntax for type integer: \"1.5\""},
/* '99999999999'::int4 */
{"pgm_out(pgm_in('99999999999', 23, -1), 23, -1)",
 "ERROR 22003: value \"99999999999\" is out of range for type integer"},
/* '32767'::int2 */
{"pgm_out(pgm_in('32767', 21, -1), 21, -1)",
 "32767"},
/* '-32768'::int2 */
{"pgm_out(pgm_in('-32768', 21, -1), 21, -1)",
 "-32768"},
/* '32768'::int2 */
{"pgm_out(pgm_in('32768', 21, -1), 21, -1)",
 "ERROR 22003: value \"32768\" is out of range for type smallint"},
/* 'x1'::int2 */
{"pgm_out(pgm_in('x1', 21, -1), 21, -1)",
 "ERROR 22P02: invalid input syntax for type smallint: \"x1\""},
/* '9223372036854775807'::int8 */
{"pgm_out(pgm_in('9223372036854775807', 20, -1), 20, -1)",
 "9223372036854775807"},
/* '-9223372036854775808'::int8 */
{"pgm_out(pgm_in('-9223372036854775808', 20, -1), 20, -1)",
 "-9223372036854775808"},
/* '9223372036854775808'::int8 */
{"pgm_out(pgm_in('9223372036854775808', 20, -1), 20, -1)",
 "ERROR 22003: value \"9223372036854775808\" is out of range for type bigint"},
/* ' -0 '::int8 */
{"pgm_out(pgm_in(' -0 ', 20, -1), 20, -1)",
 "0"},
/* '-1'::oid */
{"pgm_out(pgm_in('-1', 26, -1), 26, -1)",
 "4294967295"},
/* '4294967295'::oid */
{"pgm_out(pgm_in('4294967295', 26, -1), 26, -1)",
 "4294967295"},
/* '4294967296'::oid */
{"pgm_out(pgm_in('4294967296', 26, -1), 26, -1)",
 "ERROR 22003: value \"4294967296\" is out of range for type oid"},
/* '12'::oid */
{"pgm_out(pgm_in('12', 26, -1), 26, -1)",
 "12"},
/* ((2147483647)::int4 + (1)::int4) */
{"pgm_out(int4pl(pgm_in('2147483647', 23, -1), pgm_in('1', 23, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* ((-2147483648)::int4 - (1)::int4) */
{"pgm_out(int4mi(pgm_in('-2147483648', 23, -1), pgm_in('1', 23, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* ((65536)::int4 * (65536)::int4) */
{"pgm_out(int4mul(pgm_in('65536', 23, -1), pgm_in('65536', 23, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* ((7)::int4 / (-2)::int4) */
{"pgm_out(int4div(pgm_in('7', 23, -1), pgm_in('-2', 23, -1)), 23, -1)",
 "-3"},
/* ((7)::int4 / (0)::int4) */
{"pgm_out(int4div(pgm_in('7', 23, -1), pgm_in('0', 23, -1)), 23, -1)",
 "ERROR 22012: division by zero"},
/* ((-2147483648)::int4 / (-1)::int4) */
{"pgm_out(int4div(pgm_in('-2147483648', 23, -1), pgm_in('-1', 23, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* ((-7)::int4 % (3)::int4) */
{"pgm_out(int4mod(pgm_in('-7', 23, -1), pgm_in('3', 23, -1)), 23, -1)",
 "-1"},
/* ((-2147483648)::int4 % (-1)::int4) */
{"pgm_out(int4mod(pgm_in('-2147483648', 23, -1), pgm_in('-1', 23, -1)), 23, -1)",
 "0"},
/* ((32767)::int2 + (1)::int2) */
{"pgm_out(int2pl(pgm_in('32767', 21, -1), pgm_in('1', 21, -1)), 21, -1)",
 "ERROR 22003: smallint out of range"},
/* ((200)::int2 * (200)::int2) */
{"pgm_out(int2mul(pgm_in('200', 21, -1), pgm_in('200', 21, -1)), 21, -1)",
 "ERROR 22003: smallint out of range"},
/* ((32767)::int2 + (100000)::int4) */
{"pgm_out(int24pl(pgm_in('32767', 21, -1), pgm_in('100000', 23, -1)), 23, -1)",
 "132767"},
/* ((9223372036854775807)::int8 * (2)::int8) */
{"pgm_out(int8mul(pgm_in('9223372036854775807', 20, -1), pgm_in('2', 20, -1)), 20, -1)",
 "ERROR 22003: bigint out of range"},
/* ((-9223372036854775808)::int8 / (-1)::int8) */
{"pgm_out(int8div(pgm_in('-9223372036854775808', 20, -1), pgm_in('-1', 20, -1)), 20, -1)",
 "ERROR 22003: bigint out of range"},
/* ((5)::int4 - (10)::int8) */
{"pgm_out(int48mi(pgm_in('5', 23, -1), pgm_in('10', 20, -1)), 20, -1)",
 "-5"},
/* ((10)::int8 / (3)::int4) */
{"pgm_out(int84div(pgm_in('10', 20, -1), pgm_in('3', 23, -1)), 20, -1)",
 "3"},
/* ((3)::int8 * (-4)::int2) */
{"pgm_out(int82mul(pgm_in('3', 20, -1), pgm_in('-4', 21, -1)), 20, -1)",
 "-12"},
/* ((5)::int8 % (0)::int8) */
{"pgm_out(int8mod(pgm_in('5', 20, -1), pgm_in('0', 20, -1)), 20, -1)",
 "ERROR 22012: division by zero"},
/* ((12)::int4 & (10)::int4) */
{"pgm_out(int4and(pgm_in('12', 23, -1), pgm_in('10', 23, -1)), 23, -1)",
 "8"},
/* ((12)::int4 | (10)::int4) */
{"pgm_out(int4or(pgm_in('12', 23, -1), pgm_in('10', 23, -1)), 23, -1)",
 "14"},
/* ((12)::int4 # (10)::int4) */
{"pgm_out(int4xor(pgm_in('12', 23, -1), pgm_in('10', 23, -1)), 23, -1)",
 "6"},
/* ((1)::int4 << (33)::int4) */
{"pgm_out(int4shl(pgm_in('1', 23, -1), pgm_in('33', 23, -1)), 23, -1)",
 "2"},
/* ((1)::int2 << (15)::int4) */
{"pgm_out(int2shl(pgm_in('1', 21, -1), pgm_in('15', 23, -1)), 21, -1)",
 "-32768"},
/* ((-8)::int8 >> (1)::int4) */
{"pgm_out(int8shr(pgm_in('-8', 20, -1), pgm_in('1', 23, -1)), 20, -1)",
 "-4"},
/* -((-2147483648)::int4) */
{"pgm_out(int4um(pgm_in('-2147483648', 23, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* -((-32768)::int2) */
{"pgm_out(int2um(pgm_in('-32768', 21, -1)), 21, -1)",
 "ERROR 22003: smallint out of range"},
/* abs((-5)::int4) */
{"pgm_out(int4abs(pgm_in('-5', 23, -1)), 23, -1)",
 "5"},
/* abs((-9223372036854775808)::int8) */
{"pgm_out(int8abs(pgm_in('-9223372036854775808', 20, -1)), 20, -1)",
 "ERROR 22003: bigint out of range"},
/* ~((5)::int4) */
{"pgm_out(int4not(pgm_in('5', 23, -1)), 23, -1)",
 "-6"},
/* (40000)::int4::int2 */
{"pgm_out(i4toi2(pgm_in('40000', 23, -1)), 21, -1)",
 "ERROR 22003: smallint out of range"},
/* (2147483648)::int8::int4 */
{"pgm_out(int84(pgm_in('2147483648', 20, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* (5)::int4::bool */
{"pgm_out(int4_bool(pgm_in('5', 23, -1)), 16, -1)",
 "t"},
/* gcd(-12,18) */
{"pgm_out(int4gcd(pgm_in('-12', 23, -1),pgm_in('18', 23, -1)), 23, -1)",
 "6"},
/* lcm(4,6) */
{"pgm_out(int4lcm(pgm_in('4', 23, -1),pgm_in('6', 23, -1)), 23, -1)",
 "12"},
/* gcd(-2147483648,0) */
{"pgm_out(int4gcd(pgm_in('-2147483648', 23, -1),pgm_in('0', 23, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* ' TR '::bool */
{"pgm_out(pgm_in(' TR ', 16, -1), 16, -1)",
 "t"},
/* 'of'::bool */
{"pgm_out(pgm_in('of', 16, -1), 16, -1)",
 "f"},
/* 'Y'::bool */
{"pgm_out(pgm_in('Y', 16, -1), 16, -1)",
 "t"},
/* 'on'::bool */
{"pgm_out(pgm_in('on', 16, -1), 16, -1)",
 "t"},
/* 'n'::bool */
{"pgm_out(pgm_in('n', 16, -1), 16, -1)",
 "f"},
/* '0'::bool */
{"pgm_out(pgm_in('0', 16, -1), 16, -1)",
 "f"},
/* '1'::bool */
{"pgm_out(pgm_in('1', 16, -1), 16, -1)",
 "t"},
/* 'o'::bool */
{"pgm_out(pgm_in('o', 16, -1), 16, -1)",
 "ERROR 22P02: invalid input syntax for type boolean: \"o\""},
/* 'onn'::bool */
{"pgm_out(pgm_in('onn', 16, -1), 16, -1)",
 "ERROR 22P02: invalid input syntax for type boolean: \"onn\""},
/* 'yes '::bool */
{"pgm_out(pgm_in('yes ', 16, -1), 16, -1)",
 "t"},
/* 'x'::bool */
{"pgm_out(pgm_in('x', 16, -1), 16, -1)",
 "ERROR 22P02: invalid input syntax for type boolean: \"x\""},
/* true::int4 */
{"pgm_out(bool_int4(pgm_in('t', 16, -1)), 23, -1)",
 "1"},
/* '0.1'::float8 */
{"pgm_out(pgm_in('0.1', 701, -1), 701, -1)",
 "0.1"},
/* '1e20'::float8 */
{"pgm_out(pgm_in('1e20', 701, -1), 701, -1)",
 "1e+20"},
/* '1.5e-7'::float8 */
{"pgm_out(pgm_in('1.5e-7', 701, -1), 701, -1)",
 "1.5e-07"},
/* '100000'::float8 */
{"pgm_out(pgm_in('100000', 701, -1), 701, -1)",
 "100000"},
/* '1e15'::float8 */
{"pgm_out(pgm_in('1e15', 701, -1), 701, -1)",
 "1e+15"},
/* '1e14'::float8 */
{"pgm_out(pgm_in('1e14', 701, -1), 701, -1)",
 "100000000000000"},
/* '123456789012345680'::float8 */
{"pgm_out(pgm_in('123456789012345680', 701, -1), 701, -1)",
 "1.2345678901234568e+17"},
/* '0.0001'::float8 */
{"pgm_out(pgm_in('0.0001', 701, -1), 701, -1)",
 "0.0001"},
/* '0.00001'::float8 */
{"pgm_out(pgm_in('0.00001', 701, -1), 701, -1)",
 "1e-05"},
/* '-0'::float8 */
{"pgm_out(pgm_in('-0', 701, -1), 701, -1)",
 "-0"},
/* ' inf '::float8 */
{"pgm_out(pgm_in(' inf ', 701, -1), 701, -1)",
 "Infinity"},
/* '-Infinity'::float8 */
{"pgm_out(pgm_in('-Infinity', 701, -1), 701, -1)",
 "-Infinity"},
/* '5e-324'::float8 */
{"pgm_out(pgm_in('5e-324', 701, -1), 701, -1)",
 "5e-324"},
/* '1.7976931348623157e308'::float8 */
{"pgm_out(pgm_in('1.7976931348623157e308', 701, -1), 701, -1)",
 "1.7976931348623157e+308"},
/* '1e-310'::float8 */
{"pgm_out(pgm_in('1e-310', 701, -1), 701, -1)",
 "1e-310"},
/* '1e400'::float8 */
{"pgm_out(pgm_in('1e400', 701, -1), 701, -1)",
 "ERROR 22003: \"1e400\" is out of range for type double precision"},
/* '1e-400'::float8 */
{"pgm_out(pgm_in('1e-400', 701, -1), 701, -1)",
 "ERROR 22003: \"1e-400\" is out of range for type double precision"},
/* 'x'::float8 */
{"pgm_out(pgm_in('x', 701, -1), 701, -1)",
 "ERROR 22P02: invalid input syntax for type double precision: \"x\""},
/* '3.0925352787701443e18'::float8 */
{"pgm_out(pgm_in('3.0925352787701443e18', 701, -1), 701, -1)",
 "3.0925352787701443e+18"},
/* '-1.651484200947297e+116'::float8 */
{"pgm_out(pgm_in('-1.651484200947297e+116', 701, -1), 701, -1)",
 "-1.651484200947297e+116"},
/* '1.1'::float4 */
{"pgm_out(pgm_in('1.1', 700, -1), 700, -1)",
 "1.1"},
/* '1e6'::float4 */
{"pgm_out(pgm_in('1e6', 700, -1), 700, -1)",
 "1e+06"},
/* '123456'::float4 */
{"pgm_out(pgm_in('123456', 700, -1), 700, -1)",
 "123456"},
/* '1234567'::float4 */
{"pgm_out(pgm_in('1234567', 700, -1), 700, -1)",
 "1.234567e+06"},
/* '1e-5'::float4 */
{"pgm_out(pgm_in('1e-5', 700, -1), 700, -1)",
 "1e-05"},
/* '3.4028235e38'::float4 */
{"pgm_out(pgm_in('3.4028235e38', 700, -1), 700, -1)",
 "3.4028235e+38"},
/* '57163552'::float4 */
{"pgm_out(pgm_in('57163552', 700, -1), 700, -1)",
 "5.7163552e+07"},
/* '1e39'::float4 */
{"pgm_out(pgm_in('1e39', 700, -1), 700, -1)",
 "ERROR 22003: \"1e39\" is out of range for type real"},
/* 'x'::float4 */
{"pgm_out(pgm_in('x', 700, -1), 700, -1)",
 "ERROR 22P02: invalid input syntax for type real: \"x\""},
/* ('0.1'::float8 + '0.2'::float8) */
{"pgm_out(float8pl(pgm_in('0.1', 701, -1), pgm_in('0.2', 701, -1)), 701, -1)",
 "0.30000000000000004"},
/* ('1e308'::float8 * '10'::float8) */
{"pgm_out(float8mul(pgm_in('1e308', 701, -1), pgm_in('10', 701, -1)), 701, -1)",
 "ERROR 22003: value out of range: overflow"},
/* ('1e-300'::float8 * '1e-300'::float8) */
{"pgm_out(float8mul(pgm_in('1e-300', 701, -1), pgm_in('1e-300', 701, -1)), 701, -1)",
 "ERROR 22003: value out of range: underflow"},
/* ('1'::float8 / '0'::float8) */
{"pgm_out(float8div(pgm_in('1', 701, -1), pgm_in('0', 701, -1)), 701, -1)",
 "ERROR 22012: division by zero"},
/* ('1'::float8 / '3'::float8) */
{"pgm_out(float8div(pgm_in('1', 701, -1), pgm_in('3', 701, -1)), 701, -1)",
 "0.3333333333333333"},
/* ('0.1'::float4 + '0.2'::float4) */
{"pgm_out(float4pl(pgm_in('0.1', 700, -1), pgm_in('0.2', 700, -1)), 700, -1)",
 "0.3"},
/* ('1e30'::float4 * '1e30'::float4) */
{"pgm_out(float4mul(pgm_in('1e30', 700, -1), pgm_in('1e30', 700, -1)), 700, -1)",
 "ERROR 22003: value out of range: overflow"},
/* ('1'::float4 / '3'::float8) */
{"pgm_out(float48div(pgm_in('1', 700, -1), pgm_in('3', 701, -1)), 701, -1)",
 "0.3333333333333333"},
/* ('2'::float8 ^ '0.5'::float8) */
{"pgm_out(dpow(pgm_in('2', 701, -1), pgm_in('0.5', 701, -1)), 701, -1)",
 "1.4142135623730951"},
/* ('0'::float8 ^ '-1'::float8) */
{"pgm_out(dpow(pgm_in('0', 701, -1), pgm_in('-1', 701, -1)), 701, -1)",
 "ERROR 2201F: zero raised to a negative power is undefined"},
/* ('-8'::float8 ^ '0.5'::float8) */
{"pgm_out(dpow(pgm_in('-8', 701, -1), pgm_in('0.5', 701, -1)), 701, -1)",
 "ERROR 2201F: a negative number raised to a non-integer power yields a complex result"},
/* sqrt('2'::float8) */
{"pgm_out(dsqrt(pgm_in('2', 701, -1)), 701, -1)",
 "1.4142135623730951"},
/* sqrt('-1'::float8) */
{"pgm_out(dsqrt(pgm_in('-1', 701, -1)), 701, -1)",
 "ERROR 2201F: cannot take square root of a negative number"},
/* round('2.5'::float8) */
{"pgm_out(dround(pgm_in('2.5', 701, -1)), 701, -1)",
 "2"},
/* round('-3.5'::float8) */
{"pgm_out(dround(pgm_in('-3.5', 701, -1)), 701, -1)",
 "-4"},
/* trunc('-2.7'::float8) */
{"pgm_out(dtrunc(pgm_in('-2.7', 701, -1)), 701, -1)",
 "-2"},
/* ceil('-2.7'::float8) */
{"pgm_out(dceil(pgm_in('-2.7', 701, -1)), 701, -1)",
 "-2"},
/* floor('-2.7'::float8) */
{"pgm_out(dfloor(pgm_in('-2.7', 701, -1)), 701, -1)",
 "-3"},
/* exp('1'::float8) */
{"pgm_out(dexp(pgm_in('1', 701, -1)), 701, -1)",
 "2.718281828459045"},
/* ln('0'::float8) */
{"pgm_out(dlog1(pgm_in('0', 701, -1)), 701, -1)",
 "ERROR 2201E: cannot take logarithm of zero"},
/* log('1000'::float8) */
{"pgm_out(dlog10(pgm_in('1000', 701, -1)), 701, -1)",
 "3"},
/* int4('2.5'::float8) */
{"pgm_out(dtoi4(pgm_in('2.5', 701, -1)), 23, -1)",
 "2"},
/* int4('3.5'::float8) */
{"pgm_out(dtoi4(pgm_in('3.5', 701, -1)), 23, -1)",
 "4"},
/* int4('2147483647.6'::float8) */
{"pgm_out(dtoi4(pgm_in('2147483647.6', 701, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* int2('-32768.4'::float8) */
{"pgm_out(dtoi2(pgm_in('-32768.4', 701, -1)), 21, -1)",
 "-32768"},
/* float4('1e300'::float8) */
{"pgm_out(dtof(pgm_in('1e300', 701, -1)), 700, -1)",
 "ERROR 22003: value out of range: overflow"},
/* float4('0.1'::float8) */
{"pgm_out(dtof(pgm_in('0.1', 701, -1)), 700, -1)",
 "0.1"},
/* float8('0.1'::float4) */
{"pgm_out(ftod(pgm_in('0.1', 700, -1)), 701, -1)",
 "0.10000000149011612"},
/* asin('2'::float8) */
{"pgm_out(dasin(pgm_in('2', 701, -1)), 701, -1)",
 "ERROR 22003: input is out of range"},
/* sin('1'::float8) */
{"pgm_out(dsin(pgm_in('1', 701, -1)), 701, -1)",
 "0.8414709848078965"},
/* 7::int4::float8 */
{"pgm_out(i4tod(pgm_in('7', 23, -1)), 701, -1)",
 "7"},
/* 123456789::int8::float4 */
{"pgm_out(i8tof(pgm_in('123456789', 20, -1)), 700, -1)",
 "1.2345679e+08"},
/* '0.1'::numeric */
{"pgm_out(pgm_in('0.1', 1700, -1), 1700, -1)",
 "0.1"},
/* '1.50'::numeric */
{"pgm_out(pgm_in('1.50', 1700, -1), 1700, -1)",
 "1.50"},
/* '-0.5'::numeric */
{"pgm_out(pgm_in('-0.5', 1700, -1), 1700, -1)",
 "-0.5"},
/* '0.000'::numeric */
{"pgm_out(pgm_in('0.000', 1700, -1), 1700, -1)",
 "0.000"},
/* ' NaN '::numeric */
{"pgm_out(pgm_in(' NaN ', 1700, -1), 1700, -1)",
 "NaN"},
/* 'inf'::numeric */
{"pgm_out(pgm_in('inf', 1700, -1), 1700, -1)",
 "Infinity"},
/* '-Infinity'::numeric */
{"pgm_out(pgm_in('-Infinity', 1700, -1), 1700, -1)",
 "-Infinity"},
/* ' 1.5e3 '::numeric */
{"pgm_out(pgm_in(' 1.5e3 ', 1700, -1), 1700, -1)",
 "1500"},
/* '1e-3'::numeric */
{"pgm_out(pgm_in('1e-3', 1700, -1), 1700, -1)",
 "0.001"},
/* '.5'::numeric */
{"pgm_out(pgm_in('.5', 1700, -1), 1700, -1)",
 "0.5"},
/* '5.'::numeric */
{"pgm_out(pgm_in('5.', 1700, -1), 1700, -1)",
 "5"},
/* 'abc'::numeric */
{"pgm_out(pgm_in('abc', 1700, -1), 1700, -1)",
 "ERROR 22P02: invalid input syntax for type numeric: \"abc\""},
/* '1e100000000'::numeric */
{"pgm_out(pgm_in('1e100000000', 1700, -1), 1700, -1)",
 "ERROR 22003: value overflows numeric format"},
/* '-0'::numeric */
{"pgm_out(pgm_in('-0', 1700, -1), 1700, -1)",
 "0"},
/* '00012.3400'::numeric */
{"pgm_out(pgm_in('00012.3400', 1700, -1), 1700, -1)",
 "12.3400"},
/* '1e'::numeric */
{"pgm_out(pgm_in('1e', 1700, -1), 1700, -1)",
 "ERROR 22P02: invalid input syntax for type numeric: \"1e\""},
/* '+.1e+2'::numeric */
{"pgm_out(pgm_in('+.1e+2', 1700, -1), 1700, -1)",
 "10"},
/* '1.5'::numeric(5,2) */
{"pgm_out(pgm_in('1.5', 1700, 327686), 1700, -1)",
 "1.50"},
/* '1234.5'::numeric(5,2) */
{"pgm_out(pgm_in('1234.5', 1700, 327686), 1700, -1)",
 "ERROR 22003: numeric field overflow"},
/* '99.999'::numeric(4,2) */
{"pgm_out(pgm_in('99.999', 1700, 262150), 1700, -1)",
 "ERROR 22003: numeric field overflow"},
/* '0.5'::numeric(2,2) */
{"pgm_out(pgm_in('0.5', 1700, 131078), 1700, -1)",
 "0.50"},
/* '123.456'::numeric(5,-1) */
{"pgm_out(pgm_in('123.456', 1700, 329731), 1700, -1)",
 "120"},
/* 'inf'::numeric(5,2) */
{"pgm_out(pgm_in('inf', 1700, 327686), 1700, -1)",
 "ERROR 22003: numeric field overflow"},
/* 'NaN'::numeric(3,1) */
{"pgm_out(pgm_in('NaN', 1700, 196613), 1700, -1)",
 "NaN"},
/* '-0.005'::numeric(3,2) */
{"pgm_out(pgm_in('-0.005', 1700, 196614), 1700, -1)",
 "-0.01"},
/* ('1.50'::numeric + '2.255'::numeric) */
{"pgm_out(numeric_add(pgm_in('1.50', 1700, -1), pgm_in('2.255', 1700, -1)), 1700, -1)",
 "3.755"},
/* ('1'::numeric - '0.001'::numeric) */
{"pgm_out(numeric_sub(pgm_in('1', 1700, -1), pgm_in('0.001', 1700, -1)), 1700, -1)",
 "0.999"},
/* ('1.5'::numeric * '2.25'::numeric) */
{"pgm_out(numeric_mul(pgm_in('1.5', 1700, -1), pgm_in('2.25', 1700, -1)), 1700, -1)",
 "3.375"},
/* ('1'::numeric / '3'::numeric) */
{"pgm_out(numeric_div(pgm_in('1', 1700, -1), pgm_in('3', 1700, -1)), 1700, -1)",
 "0.33333333333333333333"},
/* ('10'::numeric / '3'::numeric) */
{"pgm_out(numeric_div(pgm_in('10', 1700, -1), pgm_in('3', 1700, -1)), 1700, -1)",
 "3.3333333333333333"},
/* ('1'::numeric / '7e10'::numeric) */
{"pgm_out(numeric_div(pgm_in('1', 1700, -1), pgm_in('7e10', 1700, -1)), 1700, -1)",
 "0.0000000000142857142857142857"},
/* ('2.5'::numeric / '1.25'::numeric) */
{"pgm_out(numeric_div(pgm_in('2.5', 1700, -1), pgm_in('1.25', 1700, -1)), 1700, -1)",
 "2.0000000000000000"},
/* ('123456789.123'::numeric / '0.001'::numeric) */
{"pgm_out(numeric_div(pgm_in('123456789.123', 1700, -1), pgm_in('0.001', 1700, -1)), 1700, -1)",
 "123456789123.00000000"},
/* ('0.000001'::numeric / '3'::numeric) */
{"pgm_out(numeric_div(pgm_in('0.000001', 1700, -1), pgm_in('3', 1700, -1)), 1700, -1)",
 "0.000000333333333333333333"},
/* ('1e-20'::numeric / '3'::numeric) */
{"pgm_out(numeric_div(pgm_in('1e-20', 1700, -1), pgm_in('3', 1700, -1)), 1700, -1)",
 "0.0000000000000000000033333333333333333333"},
/* ('0'::numeric / '3'::numeric) */
{"pgm_out(numeric_div(pgm_in('0', 1700, -1), pgm_in('3', 1700, -1)), 1700, -1)",
 "0.00000000000000000000"},
/* ('1'::numeric / '0'::numeric) */
{"pgm_out(numeric_div(pgm_in('1', 1700, -1), pgm_in('0', 1700, -1)), 1700, -1)",
 "ERROR 22012: division by zero"},
/* ('inf'::numeric / '0'::numeric) */
{"pgm_out(numeric_div(pgm_in('inf', 1700, -1), pgm_in('0', 1700, -1)), 1700, -1)",
 "ERROR 22012: division by zero"},
/* ('5'::numeric / '-inf'::numeric) */
{"pgm_out(numeric_div(pgm_in('5', 1700, -1), pgm_in('-inf', 1700, -1)), 1700, -1)",
 "0"},
/* ('-7.5'::numeric % '2'::numeric) */
{"pgm_out(numeric_mod(pgm_in('-7.5', 1700, -1), pgm_in('2', 1700, -1)), 1700, -1)",
 "-1.5"},
/* ('5'::numeric % '0'::numeric) */
{"pgm_out(numeric_mod(pgm_in('5', 1700, -1), pgm_in('0', 1700, -1)), 1700, -1)",
 "ERROR 22012: division by zero"},
/* ('5'::numeric % 'inf'::numeric) */
{"pgm_out(numeric_mod(pgm_in('5', 1700, -1), pgm_in('inf', 1700, -1)), 1700, -1)",
 "5"},
/* ('inf'::numeric + '-inf'::numeric) */
{"pgm_out(numeric_add(pgm_in('inf', 1700, -1), pgm_in('-inf', 1700, -1)), 1700, -1)",
 "NaN"},
/* ('inf'::numeric * '0'::numeric) */
{"pgm_out(numeric_mul(pgm_in('inf', 1700, -1), pgm_in('0', 1700, -1)), 1700, -1)",
 "NaN"},
/* ('-inf'::numeric * '-2'::numeric) */
{"pgm_out(numeric_mul(pgm_in('-inf', 1700, -1), pgm_in('-2', 1700, -1)), 1700, -1)",
 "Infinity"},
/* ('NaN'::numeric - '1'::numeric) */
{"pgm_out(numeric_sub(pgm_in('NaN', 1700, -1), pgm_in('1', 1700, -1)), 1700, -1)",
 "NaN"},
/* -('0.5'::numeric) */
{"pgm_out(numeric_uminus(pgm_in('0.5', 1700, -1)), 1700, -1)",
 "-0.5"},
/* abs('-3.20'::numeric) */
{"pgm_out(numeric_abs(pgm_in('-3.20', 1700, -1)), 1700, -1)",
 "3.20"},
/* sign('-3.2'::numeric) */
{"pgm_out(numeric_sign(pgm_in('-3.2', 1700, -1)), 1700, -1)",
 "-1"},
/* ceil('-1.5'::numeric) */
{"pgm_out(numeric_ceil(pgm_in('-1.5', 1700, -1)), 1700, -1)",
 "-1"},
/* floor('-1.5'::numeric) */
{"pgm_out(numeric_floor(pgm_in('-1.5', 1700, -1)), 1700, -1)",
 "-2"},
/* sqrt('2'::numeric) */
{"pgm_out(numeric_sqrt(pgm_in('2', 1700, -1)), 1700, -1)",
 "1.414213562373095"},
/* sqrt('100'::numeric) */
{"pgm_out(numeric_sqrt(pgm_in('100', 1700, -1)), 1700, -1)",
 "10.000000000000000"},
/* sqrt('0.0001'::numeric) */
{"pgm_out(numeric_sqrt(pgm_in('0.0001', 1700, -1)), 1700, -1)",
 "0.01000000000000000"},
/* sqrt('-1'::numeric) */
{"pgm_out(numeric_sqrt(pgm_in('-1', 1700, -1)), 1700, -1)",
 "ERROR 2201F: cannot take square root of a negative number"},
/* trim_scale('1.500'::numeric) */
{"pgm_out(numeric_trim_scale(pgm_in('1.500', 1700, -1)), 1700, -1)",
 "1.5"},
/* round('2.5'::numeric, 0) */
{"pgm_out(numeric_round(pgm_in('2.5', 1700, -1), pgm_in('0', 23, -1)), 1700, -1)",
 "3"},
/* round('-2.5'::numeric, 0) */
{"pgm_out(numeric_round(pgm_in('-2.5', 1700, -1), pgm_in('0', 23, -1)), 1700, -1)",
 "-3"},
/* round('1.2345'::numeric, 2) */
{"pgm_out(numeric_round(pgm_in('1.2345', 1700, -1), pgm_in('2', 23, -1)), 1700, -1)",
 "1.23"},
/* round('1234.5'::numeric, -2) */
{"pgm_out(numeric_round(pgm_in('1234.5', 1700, -1), pgm_in('-2', 23, -1)), 1700, -1)",
 "1200"},
/* round('1.5'::numeric, 3) */
{"pgm_out(numeric_round(pgm_in('1.5', 1700, -1), pgm_in('3', 23, -1)), 1700, -1)",
 "1.500"},
/* trunc('-1.99'::numeric, 1) */
{"pgm_out(numeric_trunc(pgm_in('-1.99', 1700, -1), pgm_in('1', 23, -1)), 1700, -1)",
 "-1.9"},
/* trunc('1999'::numeric, -3) */
{"pgm_out(numeric_trunc(pgm_in('1999', 1700, -1), pgm_in('-3', 23, -1)), 1700, -1)",
 "1000"},
/* '7.5'::numeric::int4 */
{"pgm_out(numeric_int4(pgm_in('7.5', 1700, -1)), 23, -1)",
 "8"},
/* '-7.5'::numeric::int4 */
{"pgm_out(numeric_int4(pgm_in('-7.5', 1700, -1)), 23, -1)",
 "-8"},
/* '1e10'::numeric::int4 */
{"pgm_out(numeric_int4(pgm_in('1e10', 1700, -1)), 23, -1)",
 "ERROR 22003: integer out of range"},
/* 'NaN'::numeric::int4 */
{"pgm_out(numeric_int4(pgm_in('NaN', 1700, -1)), 23, -1)",
 "ERROR 0A000: cannot convert NaN to integer"},
/* 'inf'::numeric::int8 */
{"pgm_out(numeric_int8(pgm_in('inf', 1700, -1)), 20, -1)",
 "ERROR 0A000: cannot convert infinity to bigint"},
/* '32767.5'::numeric::int2 */
{"pgm_out(numeric_int2(pgm_in('32767.5', 1700, -1)), 21, -1)",
 "ERROR 22003: smallint out of range"},
/* '0.1'::numeric::float8 */
{"pgm_out(numeric_float8(pgm_in('0.1', 1700, -1)), 701, -1)",
 "0.1"},
/* '1e400'::numeric::float8 */
{"pgm_out(numeric_float8(pgm_in('1e400', 1700, -1)), 701, -1)",
 "ERROR 22003: \"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\" is out of range for type double precision"},
/* '3.14159265'::numeric::float4 */
{"pgm_out(numeric_float4(pgm_in('3.14159265', 1700, -1)), 700, -1)",
 "3.1415927"},
/* '1e20'::float8::numeric */
{"pgm_out(float8_numeric(pgm_in('1e20', 701, -1)), 1700, -1)",
 "100000000000000000000"},
/* '0.1'::float8::numeric */
{"pgm_out(float8_numeric(pgm_in('0.1', 701, -1)), 1700, -1)",
 "0.1"},
/* '12345678.9'::float8::numeric */
{"pgm_out(float8_numeric(pgm_in('12345678.9', 701, -1)), 1700, -1)",
 "12345678.9"},
/* '0.1'::float4::numeric */
{"pgm_out(float4_numeric(pgm_in('0.1', 700, -1)), 1700, -1)",
 "0.1"},
/* '-inf'::float8::numeric */
{"pgm_out(float8_numeric(pgm_in('-inf', 701, -1)), 1700, -1)",
 "-Infinity"},
/* '-42'::int4::numeric */
{"pgm_out(int4_numeric(pgm_in('-42', 23, -1)), 1700, -1)",
 "-42"},
/* '9223372036854775807'::int8::numeric */
{"pgm_out(int8_numeric(pgm_in('9223372036854775807', 20, -1)), 1700, -1)",
 "9223372036854775807"},
/* '99.999'::numeric::numeric(4,2) */
{"pgm_out(numeric(pgm_in('99.999', 1700, -1), 262150), 1700, -1)",
 "ERROR 22003: numeric field overflow"},
/* div(7.5,2) */
{"pgm_out(numeric_div_trunc(pgm_in('7.5', 1700, -1),pgm_in('2', 1700, -1)), 1700, -1)",
 "3"},
/* gcd(12.5::numeric,7.50) */
{"pgm_out(numeric_gcd(pgm_in('12.5', 1700, -1),pgm_in('7.50', 1700, -1)), 1700, -1)",
 "2.50"},
/* factorial(20) */
{"pgm_out(numeric_fac(pgm_in('20', 20, -1)), 1700, -1)",
 "2432902008176640000"},
/* factorial(-1) */
{"pgm_out(numeric_fac(pgm_in('-1', 20, -1)), 1700, -1)",
 "ERROR 22003: factorial of a negative number is undefined"},
/* scale(1.500) */
{"pgm_out(numeric_scale(pgm_in('1.500', 1700, -1)), 23, -1)",
 "3"},
/* numeric_cmp(1.50,1.5) */
{"pgm_out(numeric_cmp(pgm_in('1.50', 1700, -1),pgm_in('1.5', 1700, -1)), 23, -1)",
 "0"},
/* 'inf'::numeric < 'NaN'::numeric */
{"pgm_out(numeric_lt(pgm_in('inf', 1700, -1),pgm_in('NaN', 1700, -1)), 16, -1)",
 "t"},
/* bpcharin('ab', 0, 9) */
{"pgm_out(pgm_in('ab', 1042, 9), 1042, 9)",
 "ab   "},
/* bpcharin('abcd', 0, 7) */
{"pgm_out(pgm_in('abcd', 1042, 7), 1042, 7)",
 "ERROR 22001: value too long for type character(3)"},
/* bpcharin('abc  ', 0, 7) */
{"pgm_out(pgm_in('abc  ', 1042, 7), 1042, 7)",
 "abc"},
/* varcharin('ab  ', 0, 7) */
{"pgm_out(pgm_in('ab  ', 1043, 7), 1043, 7)",
 "ab "},
/* varcharin('abcd', 0, 7) */
{"pgm_out(pgm_in('abcd', 1043, 7), 1043, 7)",
 "ERROR 22001: value too long for type character varying(3)"},
/* varcharin('héllo', 0, 9) */
{"pgm_out(pgm_in('héllo', 1043, 9), 1043, 9)",
 "héllo"},
/* 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'::name */
{"pgm_out(pgm_in('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 19, -1), 19, -1)",
 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
/* '\x0102'::bytea */
{"pgm_out(pgm_in('\\x0102', 17, -1), 17, -1)",
 "\\x0102"},
/* 'ab\001'::bytea */
{"pgm_out(pgm_in('ab\\001', 17, -1), 17, -1)",
 "\\x616201"},
/* '\x41 42'::bytea */
{"pgm_out(pgm_in('\\x41 42', 17, -1), 17, -1)",
 "\\x4142"},
/* '\xabc'::bytea */
{"pgm_out(pgm_in('\\xabc', 17, -1), 17, -1)",
 "ERROR 22023: invalid hexadecimal data: odd number of digits"},
/* '\xzz'::bytea */
{"pgm_out(pgm_in('\\xzz', 17, -1), 17, -1)",
 "ERROR 22023: invalid hexadecimal digit: \"z\""},
/* 'a\9'::bytea */
{"pgm_out(pgm_in('a\\9', 17, -1), 17, -1)",
 "ERROR 22P02: invalid input syntax for type bytea"},
/* 'a\\b'::bytea */
{"pgm_out(pgm_in('a\\\\b', 17, -1), 17, -1)",
 "\\x615c62"},
/* 'abcd'::varchar(3) */
{"pgm_out(varchar(pgm_in('abcd', 25, -1), 7, 1), 1043, -1)",
 "abc"},
/* format('%s|', 'ab'::char(4)) */
{"pgm_out(bpchar(pgm_in('ab', 25, -1), 8, 1), 1042, -1) || '|'",
 "ab  |"},
/* upper('héllo ß') */
{"pgm_out(upper('héllo ß'), 25, -1)",
 "HÉLLO ß"},
/* lower('ÉCOLE') */
{"pgm_out(lower('ÉCOLE'), 25, -1)",
 "école"},
/* initcap('hello wORLD-foo bar_baz 3xy éa') */
{"pgm_out(initcap('hello wORLD-foo bar_baz 3xy éa'), 25, -1)",
 "Hello World-Foo Bar_Baz 3xy Éa"},
/* length('héllo') */
{"pgm_out(textlen('héllo'), 23, -1)",
 "5"},
/* octet_length('héllo') */
{"pgm_out(textoctetlen('héllo'), 23, -1)",
 "6"},
/* reverse('héllo') */
{"pgm_out(text_reverse('héllo'), 25, -1)",
 "olléh"},
/* lpad('hi',5,'xy') */
{"pgm_out(lpad('hi',5,'xy'), 25, -1)",
 "xyxhi"},
/* rpad('hello',3) */
{"pgm_out(rpad('hello',3,' '), 25, -1)",
 "hel"},
/* lpad('hé',4,'€') */
{"pgm_out(lpad('hé',4,'€'), 25, -1)",
 "€€hé"},
/* substr('hello',-1,3) */
{"pgm_out(text_substr('hello',-1,3), 25, -1)",
 "h"},
/* substr('héllo',2) */
{"pgm_out(text_substr_no_len('héllo',2), 25, -1)",
 "éllo"},
/* substr('hello',2,-1) */
{"pgm_out(text_substr('hello',2,-1), 25, -1)",
 "ERROR 22011: negative substring length not allowed"},
/* position('l' in 'héllo') */
{"pgm_out(textpos('héllo','l'), 23, -1)",
 "3"},
/* position('' in 'hello') */
{"pgm_out(textpos('hello',''), 23, -1)",
 "1"},
/* split_part('a,b,c',',',-1) */
{"pgm_out(split_part('a,b,c',',',-1), 25, -1)",
 "c"},
/* split_part('a,b,c',',',5) */
{"pgm_out(split_part('a,b,c',',',5), 25, -1)",
 ""},
/* split_part('a,b',',',0) */
{"pgm_out(split_part('a,b',',',0), 25, -1)",
 "ERROR 22023: field position must not be zero"},
/* ascii('é') */
{"pgm_out(ascii('é'), 23, -1)",
 "233"},
/* chr(8364) */
{"pgm_out(chr(8364), 25, -1)",
 "€"},
/* chr(0) */
{"pgm_out(chr(0), 25, -1)",
 "ERROR 54000: null character not permitted"},
/* left('hello',-2) */
{"pgm_out(text_left('hello',-2), 25, -1)",
 "hel"},
/* right('héllo',2) */
{"pgm_out(text_right('héllo',2), 25, -1)",
 "lo"},
/* repeat('ab',3) */
{"pgm_out(repeat('ab',3), 25, -1)",
 "ababab"},
/* repeat('ab',-1) */
{"pgm_out(repeat('ab',-1), 25, -1)",
 ""},
/* btrim('xyhixy','xy') */
{"pgm_out(btrim('xyhixy','xy'), 25, -1)",
 "hi"},
/* ltrim('  hi  ')||'|' */
{"pgm_out(ltrim1('  hi  ')||'|', 25, -1)",
 "hi  |"},
/* rtrim('hixxé','é') */
{"pgm_out(rtrim('hixxé','é'), 25, -1)",
 "hixx"},
/* starts_with('hello','he') */
{"pgm_out(text_starts_with('hello','he'), 16, -1)",
 "t"},
/* concat('a',NULL,1,2.50) */
{"pgm_out(text_concat('a',NULL,1,'2.50'), 25, -1)",
 "a12.50"},
/* concat_ws(',','a',NULL,'b') */
{"pgm_out(text_concat_ws(',','a',NULL,'b'), 25, -1)",
 "a,b"},
/* replace('hello','l','LL') */
{"pgm_out(replace_text('hello','l','LL'), 25, -1)",
 "heLLLLo"},
/* translate('hello','elo','ip') */
{"pgm_out(translate('hello','elo','ip'), 25, -1)",
 "hipp"},
/* overlay('Txxxxas' placing 'hom' from 2 for 4) */
{"pgm_out(textoverlay('Txxxxas','hom',2,4), 25, -1)",
 "Thomas"},
/* overlay('Txxxxas' placing 'hom' from 2) */
{"pgm_out(textoverlay_no_len('Txxxxas','hom',2), 25, -1)",
 "Thomxas"},
/* quote_literal('it''s') */
{"pgm_out(quote_literal('it''s'), 25, -1)",
 "'it''s'"},
/* quote_literal(E'a\\b') */
{"pgm_out(quote_literal('a\\b'), 25, -1)",
 "E'a\\\\b'"},
/* quote_nullable(NULL) */
{"pgm_out(quote_nullable(NULL), 25, -1)",
 "NULL"},
/* to_hex(-1) */
{"pgm_out(to_hex32(-1), 25, -1)",
 "ffffffff"},
/* to_hex(255::int8) */
{"pgm_out(to_hex64(255), 25, -1)",
 "ff"},
/* 'ab'::char(5)::text || '|' */
{"pgm_out(textcat(rtrim1(pgm_in('ab', 1042, 9)),'|'), 25, -1)",
 "ab|"},
/* length('ab  '::char(4)) */
{"pgm_out(bpcharlen(pgm_in('ab  ', 1042, -1)), 23, -1)",
 "2"},
/* 'ab  '::char(4) = 'ab'::char(2) */
{"pgm_out(bpchareq(pgm_in('ab  ', 1042, -1),'ab'), 16, -1)",
 "t"},
/* like_escape('a#%%b\','#') */
{"pgm_out(like_escape('a#%%b\\','#'), 25, -1)",
 "a\\%%b\\\\"},
/* like_escape('ab','xy') */
{"pgm_out(like_escape('ab','xy'), 25, -1)",
 "ERROR 22025: invalid escape string"},
/* 'a' < 'B' */
{"pgm_out(text_lt('a','B'), 16, -1)",
 "f"},
/* 'abc' > 'ab' */
{"pgm_out(text_gt('abc','ab'), 16, -1)",
 "t"},
/* 'abc' LIKE E'a%' */
{"pgm_out(textlike('abc','a%'), 16, -1)",
 "t"},
/* 'ABC' LIKE E'a%' */
{"pgm_out(textlike('ABC','a%'), 16, -1)",
 "f"},
/* 'a%' LIKE E'a\\%' */
{"pgm_out(textlike('a%','a\\%'), 16, -1)",
 "t"},
/* 'a' LIKE E'a\\' */
{"pgm_out(textlike('a','a\\'), 16, -1)",
 "f"},
/* 'ab' LIKE E'a\\' */
{"pgm_out(textlike('ab','a\\'), 16, -1)",
 "ERROR 22025: LIKE pattern must not end with escape character"},
/* 'héllo' LIKE E'h_llo' */
{"pgm_out(textlike('héllo','h_llo'), 16, -1)",
 "t"},
/* 'abc' NOT LIKE E'%c' */
{"pgm_out(textnlike('abc','%c'), 16, -1)",
 "f"},
/* 'ÉA' ILIKE E'éa' */
{"pgm_out(texticlike('ÉA','éa'), 16, -1)",
 "t"},
/* 'abc' ILIKE E'A_C' */
{"pgm_out(texticlike('abc','A_C'), 16, -1)",
 "t"},
/* 'abc' NOT ILIKE E'A_C' */
{"pgm_out(texticnlike('abc','A_C'), 16, -1)",
 "f"},
/* 'xyz' LIKE E'%y%' */
{"pgm_out(textlike('xyz','%y%'), 16, -1)",
 "t"},
/* 'xyz' LIKE E'_' */
{"pgm_out(textlike('xyz','_'), 16, -1)",
 "f"},
/* '' LIKE E'%' */
{"pgm_out(textlike('','%'), 16, -1)",
 "t"},
/* 'abc'::bytea || '\x01'::bytea */
{"pgm_out(byteacat(pgm_in('abc', 17, -1),pgm_in('\\x01', 17, -1)), 17, -1)",
 "\\x61626301"},
/* octet_length('\x010203'::bytea) */
{"pgm_out(byteaoctetlen(pgm_in('\\x010203', 17, -1)), 23, -1)",
 "3"},
/* get_byte('\x01'::bytea, 5) */
{"pgm_out(byteaGetByte(pgm_in('\\x01', 17, -1), 5), 23, -1)",
 "ERROR 2202E: index 5 out of valid range, 0..0"},
/* substring('\x01020304'::bytea from 2 for 2) */
{"pgm_out(bytea_substr(pgm_in('\\x01020304', 17, -1), 2, 2), 17, -1)",
 "\\x0203"},
/* (SELECT avg(x::int4) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2101(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 1700, -1)",
 "2.3333333333333333"},
/* (SELECT avg(x::int8) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2100(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 1700, -1)",
 "2.3333333333333333"},
/* (SELECT sum(x::int8) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2107(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 1700, -1)",
 "7"},
/* (SELECT sum(x::int4) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2108(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 20, -1)",
 "7"},
/* (SELECT avg(x::float8) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2105(CAST(x AS REAL)) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 701, -1)",
 "2.3333333333333335"},
/* (SELECT sum(x::float8) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2111(CAST(x AS REAL)) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 701, -1)",
 "7"},
/* (SELECT var_samp(x::int4) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2642(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 1700, -1)",
 "2.3333333333333333"},
/* (SELECT stddev(x::int4) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2155(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 1700, -1)",
 "1.5275252316519467"},
/* (SELECT var_pop(x::int4) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2719(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 1700, -1)",
 "1.5555555555555556"},
/* (SELECT stddev_pop(x::int4) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2725(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 1700, -1)",
 "1.2472191289246471"},
/* (SELECT variance(x::float8) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2152(CAST(x AS REAL)) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 701, -1)",
 "2.3333333333333335"},
/* (SELECT stddev(x::float8) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2158(CAST(x AS REAL)) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 701, -1)",
 "1.5275252316519468"},
/* (SELECT var_pop(x::float8) FROM (values (1),(2),(4),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2722(CAST(x AS REAL)) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT NULL)), 701, -1)",
 "1.5555555555555556"},
/* (SELECT avg(x::numeric) FROM (values ('1.50'),('2.255'),('10')) v(x)) */
{"pgm_out((SELECT pgm_agg_2103(x) FROM (SELECT '1.50' AS x UNION ALL SELECT '2.255' UNION ALL SELECT '10')), 1700, -1)",
 "4.5850000000000000"},
/* (SELECT max(x::numeric) FROM (values ('1.50'),('9.9'),('10')) v(x)) */
{"pgm_out((SELECT pgm_agg_2130(x) FROM (SELECT '1.50' AS x UNION ALL SELECT '9.9' UNION ALL SELECT '10')), 1700, -1)",
 "10"},
/* (SELECT min(x::numeric) FROM (values ('1.50'),('9.9'),('10')) v(x)) */
{"pgm_out((SELECT pgm_agg_2146(x) FROM (SELECT '1.50' AS x UNION ALL SELECT '9.9' UNION ALL SELECT '10')), 1700, -1)",
 "1.50"},
/* (SELECT stddev(x::numeric) FROM (values ('1.00'),('2.00'),('4.00')) v(x)) */
{"pgm_out((SELECT pgm_agg_2159(x) FROM (SELECT '1.00' AS x UNION ALL SELECT '2.00' UNION ALL SELECT '4.00')), 1700, -1)",
 "1.5275252316519467"},
/* (SELECT var_samp(5)) */
{"pgm_out((SELECT pgm_agg_2642(x) FROM (SELECT 5 AS x)), 1700, -1)",
 "NULL"},
/* (SELECT var_pop(5)) */
{"pgm_out((SELECT pgm_agg_2719(x) FROM (SELECT 5 AS x)), 1700, -1)",
 "0"},
/* (SELECT avg(5) WHERE false) */
{"pgm_out((SELECT pgm_agg_2101(x) FROM (SELECT 5 AS x WHERE 0)), 1700, -1)",
 "NULL"},
/* (SELECT string_agg(x, d) FROM (values ('a',','),(NULL,';'),('b','-'),('c',NULL)) v(x,d)) */
{"(SELECT pgm_agg_3538(x, d) FROM (SELECT 'a' AS x, ',' AS d UNION ALL SELECT NULL, ';' UNION ALL SELECT 'b', '-' UNION ALL SELECT 'c', NULL))",
 "a-bc"},
/* (SELECT bool_and(x) FROM (values (true),(false),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2517(x) FROM (SELECT 1 AS x UNION ALL SELECT 0 UNION ALL SELECT NULL)), 16, -1)",
 "f"},
/* (SELECT bool_or(x) FROM (values (true),(false),(NULL)) v(x)) */
{"pgm_out((SELECT pgm_agg_2518(x) FROM (SELECT 1 AS x UNION ALL SELECT 0 UNION ALL SELECT NULL)), 16, -1)",
 "t"},
/* (SELECT sum(x) FROM (values (1e308::float8),(1e308)) v(x)) */
{"pgm_out((SELECT pgm_agg_2111(x) FROM (SELECT 1e308 AS x UNION ALL SELECT 1e308)), 701, -1)",
 "ERROR 22003: value out of range: overflow"},
/* (SELECT sum(x) FROM (values (1.5::float4),(2.25)) v(x)) */
{"pgm_out((SELECT pgm_agg_2110(x) FROM (SELECT 1.5 AS x UNION ALL SELECT 2.25)), 700, -1)",
 "3.75"},
/* 'abc'::"char" */
{"pgm_out(pgm_in('abc', 18, -1), 18, -1)",
 "a"},
/* ''::"char" */
{"pgm_out(pgm_in('', 18, -1), 18, -1)",
 ""},
/* '\351'::"char" */
{"pgm_out(pgm_in('\\351', 18, -1), 18, -1)",
 "\\351"},
/* 'A'::"char" */
{"pgm_out(pgm_in('A', 18, -1), 18, -1)",
 "A"},
/* 'é'::"char"::text */
{"pgm_out(char_text(pgm_in('é', 18, -1)), 25, -1)",
 "\\303"},
/* 65::"char" */
{"pgm_out(i4tochar(65), 18, -1)",
 "A"},
/* 200::"char" */
{"pgm_out(i4tochar(200), 18, -1)",
 "ERROR 22003: \"char\" out of range"},
/* '\351'::"char"::int */
{"pgm_out(chartoi4(pgm_in('\\351', 18, -1)), 23, -1)",
 "-23"},
/* 'a'::"char" < '\351'::"char" */
{"pgm_out(charlt(pgm_in('a', 18, -1),pgm_in('\\351', 18, -1)), 16, -1)",
 "t"},
/* encode('\x00ff41'::bytea,'hex') */
{"pgm_out(binary_encode(pgm_in('\\x00ff41', 17, -1),'hex'), 25, -1)",
 "00ff41"},
/* encode('hello world!!'::bytea,'base64') */
{"pgm_out(binary_encode(pgm_in('hello world!!', 17, -1),'base64'), 25, -1)",
 "aGVsbG8gd29ybGQhIQ=="},
/* encode('\x00ff41275c'::bytea,'escape') */
{"pgm_out(binary_encode(pgm_in('\\x00ff41275c', 17, -1),'escape'), 25, -1)",
 "\\000\\377A'\\\\"},
/* encode('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'::bytea,'base64') */
{"pgm_out(binary_encode(pgm_in('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 17, -1),'base64'), 25, -1)",
 "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\neHh4"},
/* encode('ab'::bytea,'rot13') */
{"pgm_out(binary_encode(pgm_in('ab', 17, -1),'rot13'), 25, -1)",
 "ERROR 22023: unrecognized encoding: \"rot13\""},
/* decode('AP9B','base64') */
{"pgm_out(binary_decode('AP9B','base64'), 17, -1)",
 "\\x00ff41"},
/* decode('00ff','hex') */
{"pgm_out(binary_decode('00ff','hex'), 17, -1)",
 "\\x00ff"},
/* decode('a\000b','escape') */
{"pgm_out(binary_decode('a\\000b','escape'), 17, -1)",
 "\\x610062"},
/* decode('AP9','base64') */
{"pgm_out(binary_decode('AP9','base64'), 17, -1)",
 "ERROR 22023: invalid base64 end sequence"},
/* decode('A*9B','base64') */
{"pgm_out(binary_decode('A*9B','base64'), 17, -1)",
 "ERROR 22023: invalid symbol \"*\" found while decoding base64 sequence"},
/* decode('0g','hex') */
{"pgm_out(binary_decode('0g','hex'), 17, -1)",
 "ERROR 22023: invalid hexadecimal digit: \"g\""},
/* md5('abc') */
{"pgm_out(md5_text('abc'), 25, -1)",
 "900150983cd24fb0d6963f7d28e17f72"},
/* md5('yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy') */
{"pgm_out(md5_text('yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'), 25, -1)",
 "46234a6de3b2157d3a9510451b33b619"},
/* md5(''::bytea) */
{"pgm_out(md5_bytea(pgm_in('', 17, -1)), 25, -1)",
 "d41d8cd98f00b204e9800998ecf8427e"},
/* true::text */
{"booltext(pgm_in('t', 16, -1))",
 "true"},
/* 'no'::bool::text */
{"booltext(pgm_in('no', 16, -1))",
 "false"},
/* power('2'::numeric,'3'::numeric) */
{"pgm_out(numeric_power(pgm_in('2', 1700, -1),pgm_in('3', 1700, -1)), 1700, -1)",
 "8.0000000000000000"},
/* power('1.5'::numeric,'2'::numeric) */
{"pgm_out(numeric_power(pgm_in('1.5', 1700, -1),pgm_in('2', 1700, -1)), 1700, -1)",
 "2.2500000000000000"},
/* power('2'::numeric,'-2'::numeric) */
{"pgm_out(numeric_power(pgm_in('2', 1700, -1),pgm_in('-2', 1700, -1)), 1700, -1)",
 "0.2500000000000000"},
/* power('0'::numeric,'0'::numeric) */
{"pgm_out(numeric_power(pgm_in('0', 1700, -1),pgm_in('0', 1700, -1)), 1700, -1)",
 "1.0000000000000000"},
/* power('-2'::numeric,'3'::numeric) */
{"pgm_out(numeric_power(pgm_in('-2', 1700, -1),pgm_in('3', 1700, -1)), 1700, -1)",
 "-8.0000000000000000"},
/* power('1.1'::numeric,'10'::numeric) */
{"pgm_out(numeric_power(pgm_in('1.1', 1700, -1),pgm_in('10', 1700, -1)), 1700, -1)",
 "2.5937424601000000"},
/* power('10'::numeric,'20'::numeric) */
{"pgm_out(numeric_power(pgm_in('10', 1700, -1),pgm_in('20', 1700, -1)), 1700, -1)",
 "100000000000000000000.0000000000000000"},
/* power('0.5'::numeric,'-3'::numeric) */
{"pgm_out(numeric_power(pgm_in('0.5', 1700, -1),pgm_in('-3', 1700, -1)), 1700, -1)",
 "8.0000000000000000"},
/* power('1.123456789012345678'::numeric,'2'::numeric) */
{"pgm_out(numeric_power(pgm_in('1.123456789012345678', 1700, -1),pgm_in('2', 1700, -1)), 1700, -1)",
 "1.262155156777930193"},
/* power('3'::numeric,'-1'::numeric) */
{"pgm_out(numeric_power(pgm_in('3', 1700, -1),pgm_in('-1', 1700, -1)), 1700, -1)",
 "0.3333333333333333"},
/* power('7'::numeric,'2.0'::numeric) */
{"pgm_out(numeric_power(pgm_in('7', 1700, -1),pgm_in('2.0', 1700, -1)), 1700, -1)",
 "49.0000000000000000"},
/* power('0'::numeric,'2'::numeric) */
{"pgm_out(numeric_power(pgm_in('0', 1700, -1),pgm_in('2', 1700, -1)), 1700, -1)",
 "0.0000000000000000"},
/* power('0.0'::numeric,'2.5'::numeric) */
{"pgm_out(numeric_power(pgm_in('0.0', 1700, -1),pgm_in('2.5', 1700, -1)), 1700, -1)",
 "0.0000000000000000"},
/* power('2'::numeric,'100'::numeric) */
{"pgm_out(numeric_power(pgm_in('2', 1700, -1),pgm_in('100', 1700, -1)), 1700, -1)",
 "1267650600228229401496703205376.0000000000000000"},
/* power('0.9'::numeric,'200'::numeric) */
{"pgm_out(numeric_power(pgm_in('0.9', 1700, -1),pgm_in('200', 1700, -1)), 1700, -1)",
 "0.0000000007055079"},
/* power('0'::numeric,'-1'::numeric) */
{"pgm_out(numeric_power(pgm_in('0', 1700, -1),pgm_in('-1', 1700, -1)), 1700, -1)",
 "ERROR 2201F: zero raised to a negative power is undefined"},
/* power('-2'::numeric,'0.5'::numeric) */
{"pgm_out(numeric_power(pgm_in('-2', 1700, -1),pgm_in('0.5', 1700, -1)), 1700, -1)",
 "ERROR 2201F: a negative number raised to a non-integer power yields a complex result"},
/* power('inf'::numeric,'2'::numeric) */
{"pgm_out(numeric_power(pgm_in('inf', 1700, -1),pgm_in('2', 1700, -1)), 1700, -1)",
 "Infinity"},
/* power('2'::numeric,'inf'::numeric) */
{"pgm_out(numeric_power(pgm_in('2', 1700, -1),pgm_in('inf', 1700, -1)), 1700, -1)",
 "Infinity"},
/* power('NaN'::numeric,'0'::numeric) */
{"pgm_out(numeric_power(pgm_in('NaN', 1700, -1),pgm_in('0', 1700, -1)), 1700, -1)",
 "1"},
/* power('1'::numeric,'NaN'::numeric) */
{"pgm_out(numeric_power(pgm_in('1', 1700, -1),pgm_in('NaN', 1700, -1)), 1700, -1)",
 "1"},
/* power('-inf'::numeric,'3'::numeric) */
{"pgm_out(numeric_power(pgm_in('-inf', 1700, -1),pgm_in('3', 1700, -1)), 1700, -1)",
 "-Infinity"},
/* power('-inf'::numeric,'2'::numeric) */
{"pgm_out(numeric_power(pgm_in('-inf', 1700, -1),pgm_in('2', 1700, -1)), 1700, -1)",
 "Infinity"},
/* power('-inf'::numeric,'-3'::numeric) */
{"pgm_out(numeric_power(pgm_in('-inf', 1700, -1),pgm_in('-3', 1700, -1)), 1700, -1)",
 "0"},
/* power('0.5'::numeric,'inf'::numeric) */
{"pgm_out(numeric_power(pgm_in('0.5', 1700, -1),pgm_in('inf', 1700, -1)), 1700, -1)",
 "0"},
/* power('0.5'::numeric,'-inf'::numeric) */
{"pgm_out(numeric_power(pgm_in('0.5', 1700, -1),pgm_in('-inf', 1700, -1)), 1700, -1)",
 "Infinity"},
/* power('0'::numeric,'-inf'::numeric) */
{"pgm_out(numeric_power(pgm_in('0', 1700, -1),pgm_in('-inf', 1700, -1)), 1700, -1)",
 "ERROR 2201F: zero raised to a negative power is undefined"},
/* power('-1'::numeric,'inf'::numeric) */
{"pgm_out(numeric_power(pgm_in('-1', 1700, -1),pgm_in('inf', 1700, -1)), 1700, -1)",
 "1"},
/* power('NaN'::numeric,'1'::numeric) */
{"pgm_out(numeric_power(pgm_in('NaN', 1700, -1),pgm_in('1', 1700, -1)), 1700, -1)",
 "NaN"},
/* power('inf'::numeric,'0'::numeric) */
{"pgm_out(numeric_power(pgm_in('inf', 1700, -1),pgm_in('0', 1700, -1)), 1700, -1)",
 "1"},
/* power('-inf'::numeric,'0.5'::numeric) */
{"pgm_out(numeric_power(pgm_in('-inf', 1700, -1),pgm_in('0.5', 1700, -1)), 1700, -1)",
 "ERROR 2201F: a negative number raised to a non-integer power yields a complex result"},
/* ln('2'::numeric) */
{"pgm_out(numeric_ln(pgm_in('2', 1700, -1)), 1700, -1)",
 "0.6931471805599453"},
/* ln('10'::numeric) */
{"pgm_out(numeric_ln(pgm_in('10', 1700, -1)), 1700, -1)",
 "2.3025850929940457"},
/* ln('1.000000001'::numeric) */
{"pgm_out(numeric_ln(pgm_in('1.000000001', 1700, -1)), 1700, -1)",
 "0.0000000009999999995000000"},
/* ln('1e100'::numeric) */
{"pgm_out(numeric_ln(pgm_in('1e100', 1700, -1)), 1700, -1)",
 "230.25850929940457"},
/* ln('0.5'::numeric) */
{"pgm_out(numeric_ln(pgm_in('0.5', 1700, -1)), 1700, -1)",
 "-0.6931471805599453"},
/* ln('1e-60'::numeric) */
{"pgm_out(numeric_ln(pgm_in('1e-60', 1700, -1)), 1700, -1)",
 "-138.155105579642741041079487281061852456066089317726378561999674"},
/* ln('0'::numeric) */
{"pgm_out(numeric_ln(pgm_in('0', 1700, -1)), 1700, -1)",
 "ERROR 2201E: cannot take logarithm of zero"},
/* ln('-1'::numeric) */
{"pgm_out(numeric_ln(pgm_in('-1', 1700, -1)), 1700, -1)",
 "ERROR 2201E: cannot take logarithm of a negative number"},
/* ln('12345.678'::numeric) */
{"pgm_out(numeric_ln(pgm_in('12345.678', 1700, -1)), 1700, -1)",
 "9.4210613212918320"},
/* ln('inf'::numeric) */
{"pgm_out(numeric_ln(pgm_in('inf', 1700, -1)), 1700, -1)",
 "Infinity"},
/* ln('NaN'::numeric) */
{"pgm_out(numeric_ln(pgm_in('NaN', 1700, -1)), 1700, -1)",
 "NaN"},
/* exp('1'::numeric) */
{"pgm_out(numeric_exp(pgm_in('1', 1700, -1)), 1700, -1)",
 "2.7182818284590452"},
/* exp('100'::numeric) */
{"pgm_out(numeric_exp(pgm_in('100', 1700, -1)), 1700, -1)",
 "26881171418161354484126255515800135873611119"},
/* exp('-10'::numeric) */
{"pgm_out(numeric_exp(pgm_in('-10', 1700, -1)), 1700, -1)",
 "0.00004539992976248485"},
/* exp('0.0001'::numeric) */
{"pgm_out(numeric_exp(pgm_in('0.0001', 1700, -1)), 1700, -1)",
 "1.0001000050001667"},
/* exp('6000'::numeric) */
{"pgm_out(numeric_exp(pgm_in('6000', 1700, -1)), 1700, -1)",
 "ERROR 22003: value overflows numeric format"},
/* exp('-123e20'::numeric) */
{"pgm_out(numeric_exp(pgm_in('-123e20', 1700, -1)), 1700, -1)",
 "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
/* exp('-inf'::numeric) */
{"pgm_out(numeric_exp(pgm_in('-inf', 1700, -1)), 1700, -1)",
 "0"},
/* exp('NaN'::numeric) */
{"pgm_out(numeric_exp(pgm_in('NaN', 1700, -1)), 1700, -1)",
 "NaN"},
/* exp('-627.5'::numeric) */
{"pgm_out(numeric_exp(pgm_in('-627.5', 1700, -1)), 1700, -1)",
 "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003021430477761756"},
/* log('2'::numeric,'1024'::numeric) */
{"pgm_out(numeric_log(pgm_in('2', 1700, -1),pgm_in('1024', 1700, -1)), 1700, -1)",
 "10.0000000000000000"},
/* log('10'::numeric,'100'::numeric) */
{"pgm_out(numeric_log(pgm_in('10', 1700, -1),pgm_in('100', 1700, -1)), 1700, -1)",
 "2.0000000000000000"},
/* log('10'::numeric,'2'::numeric) */
{"pgm_out(numeric_log(pgm_in('10', 1700, -1),pgm_in('2', 1700, -1)), 1700, -1)",
 "0.3010299956639812"},
/* log('1e-50'::numeric,'3'::numeric) */
{"pgm_out(numeric_log(pgm_in('1e-50', 1700, -1),pgm_in('3', 1700, -1)), 1700, -1)",
 "-0.00954242509439324874590055806510230618400257728381"},
/* log('1'::numeric,'5'::numeric) */
{"pgm_out(numeric_log(pgm_in('1', 1700, -1),pgm_in('5', 1700, -1)), 1700, -1)",
 "ERROR 22012: division by zero"},
/* log('0'::numeric,'5'::numeric) */
{"pgm_out(numeric_log(pgm_in('0', 1700, -1),pgm_in('5', 1700, -1)), 1700, -1)",
 "ERROR 2201E: cannot take logarithm of zero"},
/* log('2'::numeric,'-1'::numeric) */
{"pgm_out(numeric_log(pgm_in('2', 1700, -1),pgm_in('-1', 1700, -1)), 1700, -1)",
 "ERROR 2201E: cannot take logarithm of a negative number"},
/* power('2'::numeric,'0.5'::numeric) */
{"pgm_out(numeric_power(pgm_in('2', 1700, -1),pgm_in('0.5', 1700, -1)), 1700, -1)",
 "1.4142135623730950"},
/* power('1.5'::numeric,'2.5'::numeric) */
{"pgm_out(numeric_power(pgm_in('1.5', 1700, -1),pgm_in('2.5', 1700, -1)), 1700, -1)",
 "2.7556759606310754"},
/* power('67'::numeric,'-149.250'::numeric) */
{"pgm_out(numeric_power(pgm_in('67', 1700, -1),pgm_in('-149.250', 1700, -1)), 1700, -1)",
 "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002873000469090937"},
/* power('15'::numeric,'819.4159458'::numeric) */
{"pgm_out(numeric_power(pgm_in('15', 1700, -1),pgm_in('819.4159458', 1700, -1)), 1700, -1)",
 "5104243521422028340639812837527688338337591657516407311988718121622911435388906990843206363694308748100421434838769714965248808253456171414897901904498873804354050780471619782009181141542305673705442063650700247296945371332952237206486166247543849869059337739870795625899613835503708008257929786692183577077581856213769652814083505535188008438418424632387706951521308543017019767377540982437770898703551259283380001785939515952608707907163560985191912270381608656341245983021316822453929555854265557300262661873523396623773749711636772635471932071211795852936723448520136232356679689367794562113226085064624098636812757679975643382950441349083467744354500416879522249005428977469728690941489428901573664776660428844058236164025873323690508733030509306938988466119749359636837542860063309820622725592363311767650855522542710273217064311775856073818503717318541612315943156831621307155045515358940352403106285815399172351021189215814718911609088549558161562675058064.6093829"},
/* power('23.6'::numeric,'0.47e7'::numeric) */
{"pgm_out(numeric_power(pgm_in('23.6', 1700, -1),pgm_in('0.47e7', 1700, -1)), 1700, -1)",
 "ERROR 22003: value overflows numeric format"},
/* power('5.51e-20'::numeric,'996.00657'::numeric) */
{"pgm_out(numeric_power(pgm_in('5.51e-20', 1700, -1),pgm_in('996.00657', 1700, -1)), 1700, -1)",
 "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
/* power('2.51'::numeric,'87.083e-6'::numeric) */
{"pgm_out(numeric_power(pgm_in('2.51', 1700, -1),pgm_in('87.083e-6', 1700, -1)), 1700, -1)",
 "1.0000801441943664"},
/* (9223372036854775807::int8 & 4294967296::int8) */
{"pgm_out(int8and(pgm_in('9223372036854775807', 20, -1),pgm_in('4294967296', 20, -1)), 20, -1)",
 "4294967296"},
/* (4294967296::int8 | 1::int8) */
{"pgm_out(int8or(pgm_in('4294967296', 20, -1),pgm_in('1', 20, -1)), 20, -1)",
 "4294967297"},
/* (4294967296::int8 # 1::int8) */
{"pgm_out(int8xor(pgm_in('4294967296', 20, -1),pgm_in('1', 20, -1)), 20, -1)",
 "4294967297"},
/* (1::int8 << 40::int4) */
{"pgm_out(int8shl(pgm_in('1', 20, -1),pgm_in('40', 23, -1)), 20, -1)",
 "1099511627776"},
/* ~4294967296::int8 */
{"pgm_out(int8not(pgm_in('4294967296', 20, -1)), 20, -1)",
 "-4294967297"},
/* numeric_larger(1.5, 1.50) */
{"pgm_out(numeric_larger(pgm_in('1.5', 1700, -1),pgm_in('1.50', 1700, -1)), 1700, -1)",
 "1.50"},
/* numeric_smaller(1.5, 1.50) */
{"pgm_out(numeric_smaller(pgm_in('1.5', 1700, -1),pgm_in('1.50', 1700, -1)), 1700, -1)",
 "1.50"},
/* (SELECT max(x) FROM (values (1.5),(1.50)) v(x)) */
{"pgm_out((SELECT pgm_agg_2130(x) FROM (SELECT '1.5' AS x UNION ALL SELECT '1.50')), 1700, -1)",
 "1.50"},
/* (SELECT min(x) FROM (values (1.50),(1.5)) v(x)) */
{"pgm_out((SELECT pgm_agg_2146(x) FROM (SELECT '1.50' AS x UNION ALL SELECT '1.5')), 1700, -1)",
 "1.5"},
