#ifndef CCLD2_H
#define CCLD2_H
// A plain C API over CLD2 (Compact Language Detector 2), for Swift.
#ifdef __cplusplus
extern "C" {
#endif

/// One language of the summary: ISO code (e.g. "en", "zh-Hant"; "un" unknown), percent of the text
/// bytes, normalized score.
typedef struct {
    char code[8];
    int percent;
    double score;
} ccld2_language;

/// One chunk of the input: byte range and its language ("un" when unreliable or too short).
typedef struct {
    int offset;
    int bytes;
    char code[8];
} ccld2_chunk;

typedef struct {
    ccld2_language top[3];
    int text_bytes;
    int reliable;
    int valid_prefix_bytes;
    /// Chunks written to `chunks` (at most `chunk_capacity`) and the number CLD2 produced.
    int chunk_count;
    int chunk_total;
} ccld2_result;

/// Detects the language of `utf8[0..<len]`. When `chunks` is non-null, copies up to `chunk_capacity`
/// per-chunk results into it. Returns 0, or -1 when the input is not valid UTF-8.
int ccld2_detect(const char *utf8, int len, int is_plain_text, ccld2_result *out,
                 ccld2_chunk *chunks, int chunk_capacity);

/// As `ccld2_detect` without chunks, giving CLD2's best guess even for short text (one sentence).
int ccld2_detect_short(const char *utf8, int len, ccld2_result *out);

#ifdef __cplusplus
}
#endif
#endif
