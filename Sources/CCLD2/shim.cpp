#include <cstdio>
#include <cstring>
#include <cld2/public/compact_lang_det.h>
#include "ccld2.h"

static void copy_code(char dst[8], CLD2::Language lang) {
    const char *code = CLD2::LanguageCode(lang);
    std::strncpy(dst, code ? code : "un", 7);
    dst[7] = 0;
}

static int detect(const char *utf8, int len, int is_plain_text, int flags, ccld2_result *out,
                  ccld2_chunk *chunks, int chunk_capacity);

extern "C" int ccld2_detect(const char *utf8, int len, int is_plain_text, ccld2_result *out,
                            ccld2_chunk *chunks, int chunk_capacity) {
    return detect(utf8, len, is_plain_text, 0, out, chunks, chunk_capacity);
}

extern "C" int ccld2_detect_short(const char *utf8, int len, ccld2_result *out) {
    return detect(utf8, len, 1, CLD2::kCLDFlagBestEffort, out, nullptr, 0);
}

static int detect(const char *utf8, int len, int is_plain_text, int flags, ccld2_result *out,
                  ccld2_chunk *chunks, int chunk_capacity) {
    CLD2::Language lang3[3];
    int percent3[3];
    double score3[3];
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    CLD2::ResultChunkVector vec;
    CLD2::ExtDetectLanguageSummaryCheckUTF8(utf8, len, is_plain_text != 0, nullptr, flags, lang3, percent3,
                                            score3, chunks ? &vec : nullptr, &text_bytes, &reliable,
                                            &valid_prefix);
    for (int i = 0; i < 3; i++) {
        copy_code(out->top[i].code, lang3[i]);
        out->top[i].percent = percent3[i];
        out->top[i].score = score3[i];
    }
    out->text_bytes = text_bytes;
    out->reliable = reliable ? 1 : 0;
    out->valid_prefix_bytes = valid_prefix;
    out->chunk_total = (int)vec.size();
    int n = 0;
    if (chunks) {
        for (const auto &c : vec) {
            if (n >= chunk_capacity) break;
            chunks[n].offset = c.offset;
            chunks[n].bytes = c.bytes;
            copy_code(chunks[n].code, static_cast<CLD2::Language>(c.lang1));
            n++;
        }
    }
    out->chunk_count = n;
    return valid_prefix < len ? -1 : 0;
}
