#ifndef INFRATOP_CTEXTWIDTH_H
#define INFRATOP_CTEXTWIDTH_H

/// Columns a code point takes in the current locale (wcwidth), -1 when not printable.
int infratop_wcwidth(unsigned int code_point);

/// Adopts a locale for every category; returns 0 when the C library refuses it.
int infratop_set_locale(const char *name);

/// 1 when the current locale's character set is UTF-8.
int infratop_locale_is_utf8(void);

#endif
