// wcwidth and nl_langinfo are X/Open interfaces that Swift's Glibc module does not expose.
#define _XOPEN_SOURCE 700
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include "CTextWidth.h"

int infratop_wcwidth(unsigned int code_point) {
    return wcwidth((wchar_t)code_point);
}

int infratop_set_locale(const char *name) {
    return setlocale(LC_ALL, name) != NULL;
}

int infratop_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}
