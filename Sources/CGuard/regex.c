#include "guard.h"
#include <stdlib.h>
#include <unicode/uregex.h>

struct ponder_regex { URegularExpression *compiled; };

ponder_regex_t *ponder_regex_open(const uint16_t *pattern, int32_t length, int case_insensitive, int32_t *error_offset) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse = {0};
    URegularExpression *re = uregex_open((const UChar *)pattern, length, case_insensitive ? UREGEX_CASE_INSENSITIVE : 0,
                                         &parse, &status);
    if (U_FAILURE(status) || re == NULL) {
        if (error_offset) *error_offset = parse.offset;
        if (re) uregex_close(re);
        return NULL;
    }
    ponder_regex_t *r = malloc(sizeof *r);
    if (!r) { uregex_close(re); return NULL; }
    r->compiled = re;
    return r;
}

void ponder_regex_close(ponder_regex_t *regex) {
    if (!regex) return;
    uregex_close(regex->compiled);
    free(regex);
}

int ponder_regex_find(const ponder_regex_t *regex, const uint16_t *text, int32_t length, int32_t time_limit) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *m = uregex_clone(regex->compiled, &status);
    if (U_FAILURE(status)) return -2;
    uregex_setTimeLimit(m, time_limit, &status);
    uregex_setText(m, (const UChar *)text, length, &status);
    int found = uregex_find(m, 0, &status) ? 1 : 0;
    int result = status == U_REGEX_TIME_OUT ? -1 : U_FAILURE(status) ? -2 : found;
    uregex_close(m);
    return result;
}
